package com.langfuse.agent.instrumentation.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in a command line with {@value #REDACTED} before it is recorded on a span.
 *
 * <p>Redacted: the argument after a flag whose name looks secret ({@code --password}, {@code
 * --api-key}, {@code --token}, {@code --secret}, {@code -Dx.key}); the value of {@code
 * --flag=value}, {@code -Dname=value} and {@code NAME=value} forms whose name looks secret; the
 * value of a {@code Name: value} header argument whose name looks secret or is {@code
 * Authorization} or {@code Cookie}; the password in a URL's user info; and URL query parameters
 * whose name looks secret. A name looks secret when, with separators removed, it contains password,
 * passwd, passphrase, secret, token, apikey, accesskey, privatekey, credential or auth (so also
 * author), or when its last word is key, pass, pw or pwd.
 *
 * <p>NOTE: a secret glued to a short flag ({@code mysql -pSECRET}) or passed positionally is not
 * recognised and stays visible.
 */
final class CommandLineRedactor {

  static final String REDACTED = "[REDACTED]";

  private static final String[] SECRET_PARTS = {
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "credential",
    "auth"
  };
  private static final String[] SECRET_LAST_WORDS = {"key", "pass", "pw", "pwd"};
  private static final Pattern URL_USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/@:\\s]*):([^/@\\s]*)@");
  private static final Pattern QUERY_PARAMETER =
      Pattern.compile("([?&;])([^=&;#\\s]+)=([^&;#\\s]*)");
  private static final Pattern ASSIGNED_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern HEADER = Pattern.compile("^([A-Za-z0-9_-]+)\\s*:\\s*\\S.*$");

  /** A flag and its value, or a name and its value, inside an argument such as a shell script. */
  private static final Pattern EMBEDDED_ASSIGNMENT =
      Pattern.compile(
          "(--?[A-Za-z0-9_.-]+(?:\\s+|=)|\\b[A-Za-z_][A-Za-z0-9_.-]*=)"
              + "(\"[^\"]*\"|'[^']*'|[^\\s\"'-][^\\s\"']*)");

  /** A header inside an argument, up to the next quote. */
  private static final Pattern EMBEDDED_HEADER =
      Pattern.compile("(?i)\\b(authorization|cookie|x-api-key)\\s*:\\s*[^\"'\\n]+");

  private CommandLineRedactor() {}

  /** Returns a redacted copy of {@code command}; the executable at index 0 keeps its name. */
  static List<String> redact(List<String> command) {
    List<String> redacted = new ArrayList<>(command.size());
    boolean valueFollows = false;
    for (int i = 0; i < command.size(); i++) {
      String argument = command.get(i);
      if (argument == null) {
        redacted.add("null");
        valueFollows = false;
      } else if (valueFollows) {
        redacted.add(REDACTED);
        valueFollows = false;
      } else {
        redacted.add(redactArgument(argument));
        valueFollows = i > 0 && isSecretFlag(argument);
      }
    }
    return redacted;
  }

  /** Returns whether {@code name}, a flag, variable, property or header name, names a secret. */
  static boolean looksSecret(String name) {
    // A system property -Dname=value is judged by its name alone.
    String bare = name.startsWith("-D") ? name.substring(2) : name;
    String normalized = bare.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
    String joined = normalized.replace("-", "");
    for (String part : SECRET_PARTS) {
      if (joined.contains(part)) {
        return true;
      }
    }
    String lastWord = normalized.substring(normalized.lastIndexOf('-') + 1);
    for (String word : SECRET_LAST_WORDS) {
      if (lastWord.equals(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether {@code argument} is a secret flag such as {@code --token} whose value follows.
   */
  private static boolean isSecretFlag(String argument) {
    return argument.startsWith("-") && argument.indexOf('=') < 0 && looksSecret(argument);
  }

  private static String redactArgument(String argument) {
    Matcher header = HEADER.matcher(argument);
    if (header.matches()) {
      String name = header.group(1);
      String lower = name.toLowerCase(Locale.ROOT);
      if (looksSecret(name) || lower.equals("authorization") || lower.equals("cookie")) {
        return name + ": " + REDACTED;
      }
    }
    String result = redactUrls(argument);
    if (containsWhitespace(result)) {
      return redactEmbedded(result);
    }
    int equals = result.indexOf('=');
    if (equals > 0
        && ASSIGNED_NAME.matcher(result).region(0, equals).matches()
        && looksSecret(result.substring(0, equals))) {
      return result.substring(0, equals + 1) + REDACTED;
    }
    return result;
  }

  /**
   * Redacts secrets inside an argument that contains several words, such as the script of {@code sh
   * -c}: secret flags with their value, secret {@code NAME=value} assignments and credential
   * headers.
   */
  private static String redactEmbedded(String argument) {
    Matcher assignment = EMBEDDED_ASSIGNMENT.matcher(argument);
    StringBuilder out = new StringBuilder(argument.length());
    while (assignment.find()) {
      String name = assignment.group(1).trim();
      String replacement =
          looksSecret(name.endsWith("=") ? name.substring(0, name.length() - 1) : name)
              ? assignment.group(1) + REDACTED
              : assignment.group();
      assignment.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    assignment.appendTail(out);
    return EMBEDDED_HEADER.matcher(out).replaceAll("$1: " + Matcher.quoteReplacement(REDACTED));
  }

  private static boolean containsWhitespace(String argument) {
    for (int i = 0; i < argument.length(); i++) {
      if (Character.isWhitespace(argument.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String redactUrls(String argument) {
    if (!argument.contains("://")) {
      return argument;
    }
    String result = argument;
    if (result.indexOf('@') >= 0) {
      result =
          URL_USER_INFO
              .matcher(result)
              .replaceAll("$1:" + Matcher.quoteReplacement(REDACTED) + "@");
    }
    Matcher parameter = QUERY_PARAMETER.matcher(result);
    StringBuilder out = new StringBuilder(result.length());
    while (parameter.find()) {
      String replacement =
          looksSecret(parameter.group(2))
              ? parameter.group(1) + parameter.group(2) + "=" + REDACTED
              : parameter.group();
      parameter.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    parameter.appendTail(out);
    return out.toString();
  }
}
