package dev.scalpel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Supplies {@code scalpel --version} from the version Maven filtered into {@code version.properties}. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return new String[] {
      "scalpel " + p.getProperty("version", "(unknown version)"),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
    };
  }
}
