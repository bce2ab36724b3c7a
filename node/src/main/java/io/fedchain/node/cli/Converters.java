package io.fedchain.node.cli;

import io.fedchain.learning.aggregate.Aggregator;
import io.fedchain.learning.attack.Attack;
import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.partition.Partitioner;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters over the domain parsers, so a bad value is reported with the parser's own message. */
final class Converters {
  private Converters() {}

  private abstract static class Parsing<T> implements ITypeConverter<T> {
    private final Function<String, T> parser;

    Parsing(Function<String, T> parser) {
      this.parser = parser;
    }

    @Override
    public T convert(String value) {
      try {
        return parser.apply(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ModelConverter extends Parsing<ModelSpec> {
    ModelConverter() {
      super(ModelSpec::parse);
    }
  }

  static final class PartitionConverter extends Parsing<Partitioner> {
    PartitionConverter() {
      super(Partitioner::parse);
    }
  }

  static final class AggregatorConverter extends Parsing<Aggregator> {
    AggregatorConverter() {
      super(Aggregator::parse);
    }
  }

  static final class AttackConverter extends Parsing<Attack> {
    AttackConverter() {
      super(Attack::parse);
    }
  }

  static final class CodecConverter extends Parsing<DeltaCodec> {
    CodecConverter() {
      super(DeltaCodec::parse);
    }
  }
}
