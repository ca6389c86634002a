package com.langfuse.agent.advice.methods;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parsed value of {@code LANGFUSE_TRACE_METHODS}: the application methods to wrap in spans.
 *
 * <p>Grammar: entries separated by {@code ;}, each either {@code Class#method} or {@code
 * Class[method1,method2,...]}, where {@code Class} is a binary class name ({@code
 * com.acme.Outer$Inner}) and each method a Java identifier. Spaces around names are ignored, and
 * entries for the same class are merged. Every method of that name declared by the class is
 * wrapped, whatever its parameters; constructors and methods only inherited from a superclass are
 * not. A malformed entry is reported and skipped, the others still apply.
 */
final class TraceMethods {

  static final String VARIABLE = "LANGFUSE_TRACE_METHODS";

  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}$]*"
          + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}$]*)*");
  private static final Pattern METHOD_NAME =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*");

  private final Map<String, Set<String>> methodsByClass;
  private final List<String> malformed;

  private TraceMethods(Map<String, Set<String>> methodsByClass, List<String> malformed) {
    this.methodsByClass = methodsByClass;
    this.malformed = malformed;
  }

  /** Parses {@code value}; null or blank gives no methods. */
  static TraceMethods parse(String value) {
    Map<String, Set<String>> methodsByClass = new LinkedHashMap<>();
    List<String> malformed = new ArrayList<>();
    if (value != null) {
      for (String raw : value.split(";")) {
        String entry = raw.trim();
        if (!entry.isEmpty() && !parseEntry(entry, methodsByClass)) {
          malformed.add(entry);
        }
      }
    }
    return new TraceMethods(methodsByClass, malformed);
  }

  /** The method names to wrap, by class name, in the order they were given. */
  Map<String, Set<String>> methodsByClass() {
    return Collections.unmodifiableMap(methodsByClass);
  }

  /** The entries that do not follow the grammar, as written. */
  List<String> malformed() {
    return Collections.unmodifiableList(malformed);
  }

  private static boolean parseEntry(String entry, Map<String, Set<String>> methodsByClass) {
    String className;
    List<String> methods = new ArrayList<>();
    int hash = entry.indexOf('#');
    int bracket = entry.indexOf('[');
    if (hash > 0 && bracket < 0) {
      className = entry.substring(0, hash).trim();
      methods.add(entry.substring(hash + 1).trim());
    } else if (bracket > 0 && hash < 0 && entry.endsWith("]")) {
      className = entry.substring(0, bracket).trim();
      for (String method : entry.substring(bracket + 1, entry.length() - 1).split(",", -1)) {
        methods.add(method.trim());
      }
    } else {
      return false;
    }
    if (!CLASS_NAME.matcher(className).matches()) {
      return false;
    }
    for (String method : methods) {
      if (!METHOD_NAME.matcher(method).matches()) {
        return false;
      }
    }
    methodsByClass.computeIfAbsent(className, name -> new LinkedHashSet<>()).addAll(methods);
    return true;
  }
}
