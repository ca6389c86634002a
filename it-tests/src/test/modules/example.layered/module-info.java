/** A module that {@code example.modular} defines in a child layer of the boot layer. */
module example.layered {
  requires openai.java.core;

  exports example.layered;
}
