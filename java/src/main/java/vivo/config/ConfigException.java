package vivo.config;

/** A property whose value cannot be used. The message is the one line the user sees. */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }

    /** "name: expecting X; found 'Y'" */
    public static ConfigException expecting(String property, String expected, String found) {
        return new ConfigException(property + ": expecting " + expected + "; found '" + found + "'");
    }
}
