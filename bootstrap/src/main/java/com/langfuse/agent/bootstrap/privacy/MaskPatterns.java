package com.langfuse.agent.bootstrap.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the masking patterns from configuration, and holds the built-in set.
 *
 * <p>{@code LANGFUSE_MASK_PATTERNS} holds Java regular expressions one per line, because a line
 * break is the one separator that a single-line pattern never contains (write {@code \n} to match
 * one). {@code LANGFUSE_MASK_PATTERNS_FILE} names a UTF-8 file in the same format, where a line
 * starting with {@code #} is a comment (write {@code \#} to match a leading {@code #}). Blank lines
 * are skipped. An invalid pattern is reported by variable and line, never by its text, and
 * ignored.
 */
public final class MaskPatterns {

  public static final String PATTERNS_VARIABLE = "LANGFUSE_MASK_PATTERNS";
  public static final String FILE_VARIABLE = "LANGFUSE_MASK_PATTERNS_FILE";

  /**
   * The built-in set ({@code LANGFUSE_MASK_BUILTIN=true}). Each pattern anchors its start on a
   * literal prefix or a boundary and bounds its repetitions, so a scan stays linear in the text.
   */
  private static final List<MaskPattern> BUILTIN =
      List.of(
          builtin("Langfuse API key", "\\b[ps]k-lf-[A-Za-z0-9-]{8,}", "k-lf-"),
          builtin("OpenAI or Anthropic API key", "\\bsk-[A-Za-z0-9_-]{20,}", "sk-"),
          builtin("AWS access key id", "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b", "AKIA", "ASIA"),
          builtin(
              "GitHub token",
              "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b",
              "ghp_",
              "gho_",
              "ghu_",
              "ghs_",
              "ghr_",
              "github_pat_"),
          // NOTE: the hints find "Bearer", "bearer" and "BEARER"; a token after another mix of
          // cases, such as "BeArEr", is not masked.
          builtin("bearer token", "(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]{8,}", "earer", "EARER"),
          builtin(
              "email",
              "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,24}\\b",
              "@"));

  private MaskPatterns() {}

  /** Returns the built-in patterns: API keys, AWS key ids, GitHub tokens, bearer tokens, emails. */
  public static List<MaskPattern> builtin() {
    return BUILTIN;
  }

  /**
   * Compiles the patterns of {@code text}, one per line, from {@code variable}; adds one message to
   * {@code problems} for each invalid line.
   */
  public static List<MaskPattern> parse(String variable, String text, List<String> problems) {
    List<MaskPattern> patterns = new ArrayList<>();
    if (text == null) {
      return patterns;
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = stripCarriageReturn(lines[i]);
      if (!line.isBlank()) {
        compile(variable, i + 1, line, problems, patterns);
      }
    }
    return patterns;
  }

  /**
   * Compiles the patterns of the file at {@code path}, skipping comment lines; adds a message to
   * {@code problems} when the file cannot be read or a line is invalid.
   */
  public static List<MaskPattern> parseFile(String path, List<String> problems) {
    List<MaskPattern> patterns = new ArrayList<>();
    if (path == null) {
      return patterns;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException | InvalidPathException | SecurityException e) {
      problems.add(
          FILE_VARIABLE
              + "="
              + path
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "): no patterns from it are applied; point it at a readable UTF-8 file with one"
              + " regular expression per line");
      return patterns;
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = stripCarriageReturn(lines.get(i));
      if (!line.isBlank() && !line.startsWith("#")) {
        compile(FILE_VARIABLE, i + 1, line, problems, patterns);
      }
    }
    return patterns;
  }

  private static void compile(
      String variable,
      int lineNumber,
      String line,
      List<String> problems,
      List<MaskPattern> patterns) {
    String origin = variable + " line " + lineNumber;
    try {
      patterns.add(new MaskPattern(Pattern.compile(line), origin));
    } catch (PatternSyntaxException e) {
      // The description leaves out the pattern text, which may contain the secret itself.
      problems.add(
          origin
              + " is not a valid regular expression ("
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + "): that pattern is ignored; fix it to mask what it should match");
    }
  }

  private static MaskPattern builtin(String name, String regex, String... hints) {
    return new MaskPattern(Pattern.compile(regex), "built-in " + name, List.of(hints));
  }

  private static String stripCarriageReturn(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
