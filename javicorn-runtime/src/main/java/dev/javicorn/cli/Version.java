package dev.javicorn.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code javicorn --version}: the build's version and the JVM it runs on. */
final class Version implements IVersionProvider {
    static String number() {
        try (InputStream in = Version.class.getResourceAsStream("/javicorn-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"javicorn " + number() + " on Java " + Runtime.version() + " ("
                + System.getProperty("java.vm.vendor") + ", " + System.getProperty("os.name") + ")"};
    }
}
