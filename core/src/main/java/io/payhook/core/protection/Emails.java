package io.payhook.core.protection;

import java.util.regex.Pattern;

/** A deliberately simple shape check for customer email addresses (the SMTP server is the judge). */
public final class Emails {
    private static final Pattern SHAPE = Pattern.compile("[^@\\s\"<>(),;:\\\\\\[\\]]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

    private Emails() {}

    public static boolean isPlausible(String email) {
        return email != null && email.length() <= 254 && SHAPE.matcher(email).matches();
    }
}
