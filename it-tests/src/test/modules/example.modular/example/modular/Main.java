package example.modular;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;

/**
 * Asks one question from a class of this module, in the boot layer, and one from a class of the
 * module {@code example.layered}, which it defines in a child layer from the directory {@code
 * args[0]}.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(System.getenv("OPENAI_BASE_URL"))
            .apiKey("sk-test-not-a-real-key")
            .maxRetries(0)
            .build();
    try {
      System.out.println("boot layer: " + new Asker().ask(client, "boot layer"));

      ModuleLayer boot = ModuleLayer.boot();
      Configuration configuration =
          boot.configuration()
              .resolve(ModuleFinder.of(Path.of(args[0])), ModuleFinder.of(), Set.of("example.layered"));
      ModuleLayer layer =
          boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
      Class<?> asker = layer.findLoader("example.layered").loadClass("example.layered.Asker");
      System.out.println("defined in " + asker.getModule() + " of a child layer");
      Object answer =
          asker
              .getMethod("ask", OpenAIClient.class, String.class)
              .invoke(asker.getConstructor().newInstance(), client, "child layer");
      System.out.println("child layer: " + answer);
    } finally {
      client.close();
    }
  }
}
