/** An application on the module path that reads the OpenAI SDK as automatic modules. */
module example.modular {
  requires openai.java.core;
  requires openai.java.client.okhttp;
}
