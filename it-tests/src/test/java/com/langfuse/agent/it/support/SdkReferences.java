package com.langfuse.agent.it.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * A static version check of instrumentation helpers against a library version: reads every
 * reference the helper classes in the agent jar make to the library's types, methods and fields,
 * and lists those the library's class path does not resolve. A helper class that implements a
 * library interface must also implement each of that interface's abstract methods.
 *
 * <p>A reference listed here would fail at run time with a {@link LinkageError} when the helper
 * reaches it, so an empty list means the helpers link completely against that version.
 */
public final class SdkReferences {

  private final List<Reference> references = new ArrayList<>();
  private final List<HelperClass> helpers = new ArrayList<>();
  private final String libraryPrefix;

  private SdkReferences(String libraryPrefix) {
    this.libraryPrefix = libraryPrefix;
  }

  /**
   * Reads the helper classes stored in {@code agentJar} under {@code helperFolder} (such as
   * {@code inst/com/langfuse/agent/instrumentation/openai/}) and keeps their references to types
   * whose internal names start with {@code libraryPrefix} (such as {@code com/openai/}).
   */
  public static SdkReferences read(File agentJar, String helperFolder, String libraryPrefix)
      throws IOException {
    SdkReferences result = new SdkReferences(libraryPrefix);
    try (JarFile jar = new JarFile(agentJar)) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith(helperFolder) && entry.getName().endsWith(".class")) {
          try (InputStream in = jar.getInputStream(entry)) {
            new ClassReader(in.readAllBytes()).accept(result.new Collector(), 0);
          }
        }
      }
    }
    return result;
  }

  /** Returns the number of distinct references read, which shows that the check read any. */
  public int size() {
    return references.size();
  }

  /**
   * Returns each reference that {@code classPath} (entries separated by the path separator) does
   * not resolve, as {@code helper -> owner.name descriptor}, in reading order.
   */
  public List<String> unresolved(String classPath) throws IOException {
    List<ClassFileLocator> locators = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      File file = new File(entry);
      if (file.isFile()) {
        locators.add(ClassFileLocator.ForJarFile.of(file));
      } else if (file.isDirectory()) {
        locators.add(new ClassFileLocator.ForFolder(file));
      }
    }
    locators.add(ClassFileLocator.ForClassLoader.ofBootLoader());
    try (ClassFileLocator locator = new ClassFileLocator.Compound(locators)) {
      TypePool pool = TypePool.Default.of(locator);
      Set<String> missing = new LinkedHashSet<>();
      for (Reference reference : references) {
        if (!resolves(pool, reference)) {
          missing.add(reference.toString());
        }
      }
      for (HelperClass helper : helpers) {
        missing.addAll(unimplemented(pool, helper));
      }
      return new ArrayList<>(missing);
    }
  }

  private static boolean resolves(TypePool pool, Reference reference) {
    TypePool.Resolution resolution = pool.describe(binaryName(reference.owner));
    if (!resolution.isResolved()) {
      return false;
    }
    return reference.name == null || declares(resolution.resolve(), reference);
  }

  /** Returns whether {@code type}, a superclass or a superinterface declares the member. */
  private static boolean declares(TypeDescription type, Reference reference) {
    Deque<TypeDescription> pending = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    pending.add(type);
    while (!pending.isEmpty()) {
      TypeDescription current = pending.poll();
      if (!seen.add(current.getName())) {
        continue;
      }
      for (MethodDescription.InDefinedShape method : current.getDeclaredMethods()) {
        if (method.getInternalName().equals(reference.name)
            && method.getDescriptor().equals(reference.descriptor)) {
          return true;
        }
      }
      for (FieldDescription.InDefinedShape field : current.getDeclaredFields()) {
        if (field.getName().equals(reference.name)
            && field.getDescriptor().equals(reference.descriptor)) {
          return true;
        }
      }
      if (current.getSuperClass() != null) {
        pending.add(current.getSuperClass().asErasure());
      }
      pending.addAll(current.getInterfaces().asErasures());
    }
    return false;
  }

  /** Lists the abstract methods of the helper's library interfaces that the helper lacks. */
  private static List<String> unimplemented(TypePool pool, HelperClass helper) {
    List<String> missing = new ArrayList<>();
    Deque<String> pending = new ArrayDeque<>(helper.libraryInterfaces);
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      String name = pending.poll();
      TypePool.Resolution resolution = pool.describe(name);
      if (!seen.add(name) || !resolution.isResolved()) {
        continue;
      }
      TypeDescription type = resolution.resolve();
      for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
        String signature = method.getInternalName() + method.getDescriptor();
        if (method.isAbstract() && !helper.methods.contains(signature)) {
          missing.add(helper.name + " lacks " + type.getName() + "." + signature);
        }
      }
      for (TypeDescription parent : type.getInterfaces().asErasures()) {
        pending.add(parent.getName());
      }
    }
    return missing;
  }

  private static String binaryName(String internalName) {
    return internalName.replace('/', '.');
  }

  /** A helper class's name, its methods and the library interfaces it implements. */
  private static final class HelperClass {
    final String name;
    final Set<String> methods = new HashSet<>();
    final List<String> libraryInterfaces = new ArrayList<>();

    HelperClass(String name) {
      this.name = name;
    }
  }

  /**
   * A reference from helper class {@code from} to a library type ({@code name} null) or to a
   * method or field of {@code owner}, an internal name.
   */
  private static final class Reference {
    final String from;
    final String owner;
    final String name;
    final String descriptor;

    Reference(String from, String owner, String name, String descriptor) {
      this.from = from;
      this.owner = owner;
      this.name = name;
      this.descriptor = descriptor;
    }

    @Override
    public String toString() {
      String target = binaryName(owner);
      if (name != null) {
        target += "." + name + descriptor;
      }
      return from + " -> " + target;
    }
  }

  /** Collects the library references of one helper class file. */
  private final class Collector extends ClassVisitor {
    private HelperClass helper;

    Collector() {
      super(OpenedClassReader.ASM_API);
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      helper = new HelperClass(binaryName(name));
      helpers.add(helper);
      addType(superName);
      for (String type : interfaces) {
        addType(type);
        if (type.startsWith(libraryPrefix)) {
          helper.libraryInterfaces.add(binaryName(type));
        }
      }
    }

    @Override
    public FieldVisitor visitField(
        int access, String name, String descriptor, String signature, Object value) {
      addTypeOf(Type.getType(descriptor));
      return null;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      helper.methods.add(name + descriptor);
      addDescriptor(descriptor);
      return new MethodVisitor(OpenedClassReader.ASM_API) {
        @Override
        public void visitMethodInsn(
            int opcode, String owner, String method, String methodDescriptor, boolean onInterface) {
          addMember(owner, method, methodDescriptor);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
          addMember(owner, field, fieldDescriptor);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
          addType(type);
        }

        @Override
        public void visitLdcInsn(Object value) {
          if (value instanceof Type) {
            addTypeOf((Type) value);
          }
        }

        @Override
        public void visitInvokeDynamicInsn(
            String method, String methodDescriptor, Handle bootstrap, Object... arguments) {
          for (Object argument : arguments) {
            if (argument instanceof Handle) {
              Handle handle = (Handle) argument;
              addMember(handle.getOwner(), handle.getName(), handle.getDesc());
            }
          }
        }
      };
    }

    private void addDescriptor(String methodDescriptor) {
      addTypeOf(Type.getReturnType(methodDescriptor));
      for (Type argument : Type.getArgumentTypes(methodDescriptor)) {
        addTypeOf(argument);
      }
    }

    private void addTypeOf(Type type) {
      Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
      if (element.getSort() == Type.OBJECT) {
        addType(element.getInternalName());
      }
    }

    private void addType(String internalName) {
      if (internalName != null && internalName.startsWith(libraryPrefix)) {
        add(new Reference(helper.name, internalName, null, null));
      }
    }

    private void addMember(String owner, String name, String descriptor) {
      if (owner.startsWith("[")) {
        return;
      }
      addType(owner);
      if (owner.startsWith(libraryPrefix)) {
        add(new Reference(helper.name, owner, name, descriptor));
      }
    }

    private void add(Reference reference) {
      for (Reference known : references) {
        if (known.toString().equals(reference.toString())) {
          return;
        }
      }
      references.add(reference);
    }
  }
}
