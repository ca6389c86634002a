package com.langfuse.agent.advice;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A rule that picks the classes a module may instrument, from a class's name and class file bytes
 * alone. The agent checks every class the JVM loads against the selectors of the enabled modules,
 * and only a selected class reaches Byte Buddy. Byte Buddy is loaded on the first selected class,
 * so an application that loads none never loads it.
 *
 * <p>A selector must select every class that its {@link TypeInstrumentation}'s matcher matches; it
 * may select more. This class refers to no Byte Buddy type, so that the agent can build selectors
 * at start-up without loading Byte Buddy.
 */
public final class TypeSelector {

  private static final String[] JDK_PREFIXES = {"java/", "javax/", "jdk/", "sun/", "com/sun/"};

  private final String name;
  private final String prefix;
  private final String suffix;
  private final byte[] mention;

  private TypeSelector(String name, String prefix, String suffix, byte[] mention) {
    this.name = name;
    this.prefix = prefix;
    this.suffix = suffix;
    this.mention = mention;
  }

  /** Selects the class with this binary name, such as {@code com.example.Outer$Inner}. */
  public static TypeSelector named(String binaryName) {
    return new TypeSelector(internal(binaryName), null, null, null);
  }

  /** Returns one {@link #named} selector for each binary name. */
  public static List<TypeSelector> allNamed(String... binaryNames) {
    List<TypeSelector> selectors = new ArrayList<>(binaryNames.length);
    for (String binaryName : binaryNames) {
      selectors.add(named(binaryName));
    }
    return selectors;
  }

  /** Selects every class whose binary name starts with {@code binaryPrefix}. */
  public static TypeSelector nameStartsWith(String binaryPrefix) {
    return new TypeSelector(null, internal(binaryPrefix), null, null);
  }

  /**
   * Selects application classes whose class file contains {@code text}, such as a type name in
   * internal form ({@code com/example/Context}) that a method descriptor of the wanted classes
   * contains. Classes of the bootstrap class loader and of JDK packages are never selected.
   */
  public static TypeSelector mentioning(String text) {
    return new TypeSelector(null, null, null, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns this selector narrowed to classes whose binary name ends with {@code binarySuffix}. */
  public TypeSelector endingWith(String binarySuffix) {
    return new TypeSelector(name, prefix, internal(binarySuffix), mention);
  }

  /** Returns this selector narrowed to classes whose class file contains {@code text}. */
  public TypeSelector alsoMentioning(String text) {
    return new TypeSelector(name, prefix, suffix, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the exact internal name ({@code com/example/Type}) selected, or null. */
  public String exactName() {
    return name;
  }

  /** Returns the internal name prefix selected, or null. */
  public String namePrefix() {
    return prefix;
  }

  /** Returns the internal name suffix selected, or null. */
  public String nameSuffix() {
    return suffix;
  }

  /** Returns whether this selector also needs the class file bytes, and not only the name. */
  public boolean readsClassFile() {
    return mention != null;
  }

  /**
   * Returns whether a class may be selected by its internal name alone: false only when its name
   * rules it out. Used for classes already loaded, whose bytes are not at hand.
   */
  public boolean mayMatchName(String internalName, boolean bootstrapClass) {
    if (name != null) {
      return name.equals(internalName);
    }
    if (prefix != null) {
      return internalName.startsWith(prefix) && (suffix == null || internalName.endsWith(suffix));
    }
    return !bootstrapClass && !isJdkPackage(internalName);
  }

  /**
   * Returns whether the class with this internal name, defined by {@code loader} (null for the
   * bootstrap class loader) from {@code classFile}, is selected.
   */
  public boolean selects(String internalName, ClassLoader loader, byte[] classFile) {
    return selects(internalName, loader == null, classFile);
  }

  /** Same as {@link #selects(String, ClassLoader, byte[])}, given whether the loader is null. */
  public boolean selects(String internalName, boolean bootstrapClass, byte[] classFile) {
    if (!mayMatchName(internalName, bootstrapClass)) {
      return false;
    }
    return mention == null || (classFile != null && contains(classFile, mention));
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof TypeSelector)) {
      return false;
    }
    TypeSelector that = (TypeSelector) other;
    return Objects.equals(name, that.name)
        && Objects.equals(prefix, that.prefix)
        && Objects.equals(suffix, that.suffix)
        && Arrays.equals(mention, that.mention);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, prefix, suffix, Arrays.hashCode(mention));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("TypeSelector[");
    if (name != null) {
      text.append("name=").append(name);
    } else if (prefix != null) {
      text.append("prefix=").append(prefix);
    } else {
      text.append("application classes");
    }
    if (suffix != null) {
      text.append(", suffix=").append(suffix);
    }
    if (mention != null) {
      text.append(", mentioning=").append(new String(mention, StandardCharsets.UTF_8));
    }
    return text.append(']').toString();
  }

  private static String internal(String binaryName) {
    return binaryName.replace('.', '/');
  }

  /**
   * Returns whether the internal name is in a package of the JDK ({@code java/}, {@code jdk/},
   * ...).
   */
  public static boolean isJdkPackage(String internalName) {
    for (String jdkPrefix : JDK_PREFIXES) {
      if (internalName.startsWith(jdkPrefix)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code needle} occurs in {@code haystack}; both are short enough to scan. */
  static boolean contains(byte[] haystack, byte[] needle) {
    byte first = needle[0];
    int last = haystack.length - needle.length;
    outer:
    for (int i = 0; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
