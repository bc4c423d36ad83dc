package io.keyguard.iac;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where things are in a Terraform file, which the HCL parser does not keep: each block's line, each attribute's
 * expression as written (so a reference, an interpolation or a conditional is told from a literal), and the comments
 * with their lines (for suppressions). The parser ({@link TerraformModule}) reads the values and reports syntax
 * errors; this index is read only from text the parser accepted.
 */
final class TerraformText {

    /** An attribute: its name, its expression exactly as written (trimmed, comments left out), its 1-based line. */
    record Attribute(String name, String expression, int line) {
    }

    /**
     * A block: {@code resource "type" "name" { ... }}, or a nested one such as {@code production_variants { ... }}.
     *
     * @param type   the block's keyword: resource, variable, production_variants, dynamic, ...
     * @param labels its quoted or bare labels, in order
     * @param line   the 1-based line of its header
     */
    record Block(String type, List<String> labels, int line, List<Attribute> attributes, List<Block> blocks) {

        Attribute attribute(String name) {
            return attributes.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
        }

        /** The nested blocks of this type, in order; a {@code dynamic "type"} block counts, as its content. */
        List<Block> blocks(String blockType) {
            List<Block> found = new ArrayList<>();
            for (Block block : blocks) {
                if (block.type().equals(blockType)) {
                    found.add(block);
                } else if (block.type().equals("dynamic") && block.labels().equals(List.of(blockType))) {
                    block.blocks().stream().filter(b -> b.type().equals("content")).findFirst().ifPresent(found::add);
                }
            }
            return found;
        }

        /** Whether one of this type is a {@code dynamic} block: its count is known only when Terraform plans. */
        boolean dynamic(String blockType) {
            return blocks.stream().anyMatch(b -> b.type().equals("dynamic") && b.labels().equals(List.of(blockType)));
        }
    }

    private final String text;
    private final Map<Integer, String> comments = new TreeMap<>();
    private final List<Block> blocks;
    private final List<Integer> topLevelStarts = new ArrayList<>();
    private int at;
    private int line = 1;
    /** Where the expression {@link #skipExpression} just skipped ends, before any trailing comment. */
    private int expressionEnd;

    private TerraformText(String text) {
        this.text = text;
        this.blocks = body(false);
    }

    static TerraformText of(String text) {
        return new TerraformText(text);
    }

    List<Block> blocks() {
        return blocks;
    }

    /** Where each top-level item (block or attribute) starts in the text, in order. */
    List<Integer> topLevelStarts() {
        return topLevelStarts;
    }

    /** The comment text on each line that has one (without its # or // or the slashes of a block comment). */
    Map<Integer, String> comments() {
        return comments;
    }

    // ---- reading ------------------------------------------------------------------------------------

    private List<Block> body(boolean nested) {
        List<Block> found = new ArrayList<>();
        List<Attribute> ignored = new ArrayList<>();
        body(nested, found, ignored);
        return found;
    }

    /** Items up to the closing brace of a nested body, or to the end of the text. */
    private void body(boolean nested, List<Block> blocks, List<Attribute> attributes) {
        while (true) {
            skipSpaceAndComments(true);
            if (at >= text.length()) {
                return;
            }
            char c = text.charAt(at);
            if (c == '}') {
                if (nested) {
                    at++;
                }
                return;
            }
            int itemLine = line;
            if (!nested) {
                topLevelStarts.add(at);
            }
            String name = identifier();
            if (name.isEmpty()) {
                advance(); // not an item: the parser accepted it, so skip one character and go on
                continue;
            }
            skipSpaceAndComments(false);
            if (at < text.length() && text.charAt(at) == '=' && !text.startsWith("==", at)) {
                at++;
                int start = at;
                skipExpression();
                attributes.add(new Attribute(name, text.substring(start, expressionEnd).trim(), itemLine));
                continue;
            }
            List<String> labels = new ArrayList<>();
            while (at < text.length() && text.charAt(at) != '{') {
                if (text.charAt(at) == '"') {
                    int start = at + 1;
                    skipString();
                    labels.add(text.substring(start, at - 1));
                } else {
                    String label = identifier();
                    if (label.isEmpty()) {
                        break;
                    }
                    labels.add(label);
                }
                skipSpaceAndComments(false);
            }
            if (at < text.length() && text.charAt(at) == '{') {
                at++;
                List<Block> children = new ArrayList<>();
                List<Attribute> childAttributes = new ArrayList<>();
                body(true, children, childAttributes);
                blocks.add(new Block(name, List.copyOf(labels), itemLine, List.copyOf(childAttributes),
                        List.copyOf(children)));
            }
        }
    }

    /**
     * Skips one expression: to the end of its line once every bracket it opened is closed, or to the brace that ends
     * a one-line block. Strings, heredocs and comments inside are skipped as such.
     */
    private void skipExpression() {
        int depth = 0;
        expressionEnd = at;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '\n' && depth == 0) {
                return;
            }
            if (c == '}' && depth == 0) {
                return;
            }
            if (c == '"') {
                skipString();
            } else if (text.startsWith("<<", at) && heredocAhead()) {
                skipHeredoc();
            } else if (c == '#' || text.startsWith("//", at) || text.startsWith("/*", at)) {
                skipComment();
                continue;
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                }
                advance();
            }
            expressionEnd = at;
        }
    }

    private boolean heredocAhead() {
        int i = at + 2;
        if (i < text.length() && text.charAt(i) == '-') {
            i++;
        }
        return i < text.length() && Character.isLetter(text.charAt(i));
    }

    private void skipHeredoc() {
        at += 2;
        if (text.charAt(at) == '-') {
            at++;
        }
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        String marker = text.substring(start, at);
        while (at < text.length()) {
            advance();
            if (at > 0 && text.charAt(at - 1) == '\n') {
                int end = text.indexOf('\n', at);
                String next = text.substring(at, end < 0 ? text.length() : end).trim();
                if (next.equals(marker)) {
                    at = end < 0 ? text.length() : end;
                    return;
                }
            }
        }
    }

    /** A quoted string, its template sequences (which may hold strings of their own) included. */
    private void skipString() {
        advance(); // the opening quote
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '\\') {
                advance();
                advance();
            } else if (c == '"') {
                advance();
                return;
            } else if ((c == '$' || c == '%') && text.startsWith("{", at + 1)) {
                advance();
                advance();
                skipTemplate();
            } else {
                advance();
            }
        }
    }

    private void skipTemplate() {
        int depth = 1;
        while (at < text.length() && depth > 0) {
            char c = text.charAt(at);
            if (c == '"') {
                skipString();
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
            advance();
        }
    }

    private void skipSpaceAndComments(boolean newlines) {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '#' || text.startsWith("//", at) || text.startsWith("/*", at)) {
                skipComment();
            } else if (c == ' ' || c == '\t' || c == '\r' || newlines && c == '\n') {
                advance();
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        int commentLine = line;
        int start = at;
        if (text.startsWith("/*", at)) {
            int end = text.indexOf("*/", at + 2);
            int stop = end < 0 ? text.length() : end + 2;
            while (at < stop) {
                advance();
            }
            comments.merge(commentLine, text.substring(start + 2, Math.max(start + 2, stop - 2)).trim(),
                    (a, b) -> a + " " + b);
            return;
        }
        int skip = text.charAt(at) == '#' ? 1 : 2;
        int end = text.indexOf('\n', at);
        at = end < 0 ? text.length() : end;
        comments.merge(commentLine, text.substring(start + skip, at).trim(), (a, b) -> a + " " + b);
    }

    private String identifier() {
        int start = at;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
                at++;
            } else {
                break;
            }
        }
        return text.substring(start, at);
    }

    private void advance() {
        if (at < text.length() && text.charAt(at) == '\n') {
            line++;
        }
        at++;
    }
}
