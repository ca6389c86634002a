package com.langfuse.agent.advice;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * A type to transform and the advice to apply to its methods.
 *
 * <p>The type is chosen in two steps. The {@link TypeSelector} checks the class name (and, for a
 * few modules, the class file bytes) of every class the JVM loads, without Byte Buddy. Only the
 * classes it selects reach the Byte Buddy matcher, which is the selector's name test combined with
 * the optional narrower matcher given here. Select by exact name wherever possible. Method matchers
 * must pin the parameter and return types the advice relies on, so a library version with other
 * signatures is left alone instead of being transformed wrongly.
 */
public final class TypeInstrumentation {

  private final TypeSelector selector;
  private final ElementMatcher<? super TypeDescription> typeMatcher;
  private final List<MethodAdvice> advice = new ArrayList<>();

  /**
   * Instruments the classes that {@code selector} selects and {@code narrower} matches. The
   * selector's name test is part of the Byte Buddy matcher too, but its class file test is not. An
   * agent attached to a running JVM hands every class to Byte Buddy unselected, so the narrower
   * matcher and the method matchers must pick the right methods without that test.
   */
  public TypeInstrumentation(
      TypeSelector selector, ElementMatcher<? super TypeDescription> narrower) {
    this.selector = selector;
    this.typeMatcher = nameMatcher(selector).and(narrower);
  }

  /** Instruments the class with this binary name. */
  public static TypeInstrumentation named(String binaryName) {
    return new TypeInstrumentation(TypeSelector.named(binaryName), any());
  }

  /** Applies the advice class {@code adviceClassName} to the methods {@code methods} matches. */
  public TypeInstrumentation advise(
      ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
    advice.add(new MethodAdvice(methods, adviceClassName));
    return this;
  }

  public TypeSelector selector() {
    return selector;
  }

  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return typeMatcher;
  }

  public List<MethodAdvice> advice() {
    return Collections.unmodifiableList(advice);
  }

  private static ElementMatcher.Junction<TypeDescription> nameMatcher(TypeSelector selector) {
    if (selector.exactName() != null) {
      return ElementMatchers.named(selector.exactName().replace('/', '.'));
    }
    ElementMatcher.Junction<TypeDescription> matcher = any();
    if (selector.namePrefix() != null) {
      matcher = nameStartsWith(selector.namePrefix().replace('/', '.'));
    }
    if (selector.nameSuffix() != null) {
      matcher = matcher.and(nameEndsWith(selector.nameSuffix().replace('/', '.')));
    }
    return matcher;
  }

  /** A method matcher and the name of the advice class applied to what it matches. */
  public static final class MethodAdvice {
    private final ElementMatcher<? super MethodDescription> methods;
    private final String adviceClassName;

    MethodAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
      this.methods = methods;
      this.adviceClassName = adviceClassName;
    }

    public ElementMatcher<? super MethodDescription> methods() {
      return methods;
    }

    public String adviceClassName() {
      return adviceClassName;
    }
  }
}
