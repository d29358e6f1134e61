package org.monge.cli;

import java.util.Map;

/**
 * Tags a library error with the option that caused it: the library's IllegalArgumentException names
 * its own parameter ({@code cost: ...}, {@code epsilon must be ...}), and the user sees
 * "OPTION: problem" instead. A message that already starts with the option passes through
 * unchanged, and a leading "name: " that repeats the library's name for the argument is dropped.
 */
final class Options {
    /** A library call that returns a value. */
    @FunctionalInterface
    interface Call<T, E extends Exception> {
        T get() throws E;
    }

    /** A library call that returns nothing. */
    @FunctionalInterface
    interface Action<E extends Exception> {
        void run() throws E;
    }

    private Options() {}

    /** The value of {@code call}; its IllegalArgumentException tagged with {@code option} (whose name without dashes it may repeat). */
    static <T, E extends Exception> T tag(String option, Call<T, E> call) throws E {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw tagged(option, option.replaceFirst("^-+", ""), e);
        }
    }

    /** Runs {@code call}; its IllegalArgumentException tagged with {@code option}. */
    static <E extends Exception> void tagVoid(String option, Action<E> call) throws E {
        tag(option, () -> {
            call.run();
            return null;
        });
    }

    /**
     * The value of {@code call}; its IllegalArgumentException tagged with the option of the library
     * parameter its message starts with (the longest such key of {@code optionByParameter}, followed
     * by a character that is not a letter or digit), or with {@code otherwise} where none matches.
     */
    static <T, E extends Exception> T tag(Map<String, String> optionByParameter, String otherwise, Call<T, E> call) throws E {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage()), parameter = "";
            for (String key : optionByParameter.keySet()) {
                if (key.length() > parameter.length() && message.startsWith(key)
                        && (message.length() == key.length() || !Character.isLetterOrDigit(message.charAt(key.length())))) {
                    parameter = key;
                }
            }
            throw parameter.isEmpty() ? tagged(otherwise, "", e) : tagged(optionByParameter.get(parameter), parameter, e);
        }
    }

    /** Runs {@code call}; its IllegalArgumentException tagged as by {@link #tag(Map, String, Call)}. */
    static <E extends Exception> void tagVoid(Map<String, String> optionByParameter, String otherwise, Action<E> call) throws E {
        tag(optionByParameter, otherwise, () -> {
            call.run();
            return null;
        });
    }

    private static IllegalArgumentException tagged(String option, String parameter, IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith(option)) return e;
        if (!parameter.isEmpty() && message.startsWith(parameter + ": ")) message = message.substring(parameter.length() + 2);
        return new IllegalArgumentException(option + ": " + message, e);
    }
}
