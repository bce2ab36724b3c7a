package io.fedchain.chain.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a member may do: train (send updates), validate (vote, propose blocks), or both. */
public record Roles(boolean trainer, boolean validator) {
  public static final Roles BOTH = new Roles(true, true);

  public int bits() {
    return (trainer ? 1 : 0) | (validator ? 2 : 0);
  }

  public static Roles ofBits(int bits) {
    if ((bits & ~3) != 0) {
      throw new IllegalArgumentException("unknown role bits " + bits);
    }
    return new Roles((bits & 1) != 0, (bits & 2) != 0);
  }

  /** From names such as {@code ["trainer", "validator"]}; the error names the unknown one. */
  public static Roles parse(List<String> names) {
    boolean t = false;
    boolean v = false;
    for (String n : names) {
      switch (n.trim().toLowerCase(Locale.ROOT)) {
        case "trainer" -> t = true;
        case "validator" -> v = true;
        default -> throw new IllegalArgumentException("unknown role '" + n + "' (expected trainer or validator)");
      }
    }
    return new Roles(t, v);
  }

  public List<String> names() {
    List<String> out = new ArrayList<>();
    if (trainer) {
      out.add("trainer");
    }
    if (validator) {
      out.add("validator");
    }
    return out;
  }
}
