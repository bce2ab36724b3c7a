package io.fedchain.node.cli;

import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.types.Roles;
import java.util.Arrays;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A founding member on the command line: {@code PEERID[:roles][:stake]}, roles {@code trainer},
 * {@code validator} or {@code trainer,validator} (default both), stake an integer >= 0 (default
 * {@value #DEFAULT_STAKE} for a validator, 0 for a trainer only).
 */
final class MemberSpec {
  static final long DEFAULT_STAKE = 100;
  static final Roles DEFAULT_ROLES = Roles.BOTH;

  private MemberSpec() {}

  static long defaultStake(Roles roles) {
    return roles.validator() ? DEFAULT_STAKE : 0;
  }

  static Genesis.Account parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length > 3) {
      throw new IllegalArgumentException("'" + text + "' is not PEERID[:roles][:stake]");
    }
    MemberId id = MemberId.fromPeerId(parts[0]);
    Roles roles = DEFAULT_ROLES;
    Long stake = null;
    if (parts.length == 3) {
      roles = roles(text, parts[1]);
      stake = stake(text, parts[2]);
    } else if (parts.length == 2) {
      if (parts[1].matches("-?[0-9]+")) {
        stake = stake(text, parts[1]);
      } else {
        roles = roles(text, parts[1]);
      }
    }
    return new Genesis.Account(id, roles, stake == null ? defaultStake(roles) : stake, 0);
  }

  private static Roles roles(String text, String names) {
    if (names.isEmpty()) {
      return DEFAULT_ROLES;
    }
    try {
      return Roles.parse(Arrays.asList(names.split(",")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
    }
  }

  private static long stake(String text, String digits) {
    try {
      long v = Long.parseLong(digits);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // Falls through to the message below.
    }
    throw new IllegalArgumentException("'" + text + "': the stake must be an integer >= 0, got '" + digits + "'");
  }

  static final class Converter implements ITypeConverter<Genesis.Account> {
    @Override
    public Genesis.Account convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
