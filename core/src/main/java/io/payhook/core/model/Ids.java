package io.payhook.core.model;

import java.util.regex.Pattern;

/** Strict shapes for identifiers that come from outside (paths, provider references, event ids). */
public final class Ids {
    /** Provider references as written: letters, digits and {@code _ - . : @ +}, 1–128 characters. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-.:@+]{0,127}");

    private Ids() {}

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
