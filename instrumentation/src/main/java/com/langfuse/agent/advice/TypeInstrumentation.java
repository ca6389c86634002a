package com.langfuse.agent.advice;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A type to transform and the advice to apply to its methods.
 *
 * <p>Match types by exact name wherever possible: name matchers are cheap, and the installer runs
 * every matcher for every class the application loads. Method matchers must pin the parameter
 * and return types the advice relies on, so a library version with other signatures is left
 * alone instead of being transformed wrongly.
 */
public final class TypeInstrumentation {

  private final ElementMatcher<? super TypeDescription> typeMatcher;
  private final List<MethodAdvice> advice = new ArrayList<>();
  private String jdkClassName;

  public TypeInstrumentation(ElementMatcher<? super TypeDescription> typeMatcher) {
    this.typeMatcher = typeMatcher;
  }

  /**
   * Instruments the JDK class {@code className}, which may be loaded before the agent starts: the
   * installer retransforms it when it is.
   */
  public static TypeInstrumentation jdkClass(String className) {
    TypeInstrumentation type = new TypeInstrumentation(named(className));
    type.jdkClassName = className;
    return type;
  }

  /** Applies the advice class {@code adviceClassName} to the methods {@code methods} matches. */
  public TypeInstrumentation advise(
      ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
    advice.add(new MethodAdvice(methods, adviceClassName));
    return this;
  }

  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return typeMatcher;
  }

  /** The JDK class name given to {@link #jdkClass}, or null for an application class. */
  public String jdkClassName() {
    return jdkClassName;
  }

  public List<MethodAdvice> advice() {
    return Collections.unmodifiableList(advice);
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
