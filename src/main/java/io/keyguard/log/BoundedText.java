package io.keyguard.log;

import java.util.List;

/**
 * Input quoted back in an error message: cut to a readable length and with control characters made visible, so
 * an odd or huge value never floods a log line or forges a new one.
 */
public final class BoundedText {

    /** Enough to recognise a value (a full ARN fits) without repeating a whole payload. */
    static final int MAX_QUOTED = 120;

    private BoundedText() {
    }

    public static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder();
        value.codePoints().limit(MAX_QUOTED).forEach(c -> {
            if (Character.isISOControl(c)) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        int length = value.codePointCount(0, value.length());
        if (length > MAX_QUOTED) {
            quoted.append("… (").append(length).append(" characters)");
        }
        return quoted.toString();
    }

    /** The first few items, then how many more, so a message names what to act on without growing unbounded. */
    public static String firstOf(List<String> items, int shown) {
        String listed = items.stream().limit(shown).toList().toString();
        return items.size() > shown ? listed + " and " + (items.size() - shown) + " more" : listed;
    }
}
