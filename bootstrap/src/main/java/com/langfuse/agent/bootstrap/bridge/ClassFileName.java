package com.langfuse.agent.bootstrap.bridge;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Reads the name of the class that a class file declares, for a {@code defineClass} call that
 * passes a null name and so leaves the JVM to take the name from the class file.
 */
final class ClassFileName {

  private static final int MAGIC = 0xCAFEBABE;
  private static final int UTF8 = 1;
  private static final int CLASS = 7;
  private static final int LONG = 5;
  private static final int DOUBLE = 6;

  private ClassFileName() {}

  /**
   * Returns the internal name ({@code com/example/Type}) that the class file in {@code
   * bytes[offset, offset + length)} declares, or null if the bounds or the class file are invalid.
   * The JVM rejects such a definition itself.
   */
  static String internalName(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset > bytes.length - length) {
      return null;
    }
    try {
      return read(new DataInputStream(new ByteArrayInputStream(bytes, offset, length)));
    } catch (IOException | RuntimeException invalid) {
      return null;
    }
  }

  private static String read(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      return null;
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version

    int count = in.readUnsignedShort();
    // For each constant pool entry, the name index of a Class entry or the text of a Utf8 entry.
    int[] classNames = new int[count];
    String[] texts = new String[count];
    for (int index = 1; index < count; index++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case UTF8:
          texts[index] = in.readUTF();
          break;
        case CLASS:
          classNames[index] = in.readUnsignedShort();
          break;
        case LONG:
        case DOUBLE:
          in.skipNBytes(8);
          index++; // these two take two entries
          break;
        default:
          in.skipNBytes(entrySize(tag));
      }
    }

    in.readUnsignedShort(); // access flags
    int thisClass = in.readUnsignedShort();
    if (thisClass <= 0 || thisClass >= count) {
      return null;
    }
    int nameIndex = classNames[thisClass];
    return nameIndex > 0 && nameIndex < count ? texts[nameIndex] : null;
  }

  /** Returns the size after the tag of a constant pool entry of fixed size. */
  private static int entrySize(int tag) throws IOException {
    switch (tag) {
      case 3: // Integer
      case 4: // Float
      case 9: // Fieldref
      case 10: // Methodref
      case 11: // InterfaceMethodref
      case 12: // NameAndType
      case 17: // Dynamic
      case 18: // InvokeDynamic
        return 4;
      case 15: // MethodHandle
        return 3;
      case 8: // String
      case 16: // MethodType
      case 19: // Module
      case 20: // Package
        return 2;
      default:
        throw new IOException("unknown constant pool tag " + tag);
    }
  }
}
