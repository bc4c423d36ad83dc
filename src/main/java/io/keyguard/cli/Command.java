package io.keyguard.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * A command of the command line.
 *
 * @param name    what is typed to run it
 * @param summary one line in the list of commands
 * @param help    what {@code keyguard help NAME} prints before the command's exit codes
 * @param action  runs it
 */
record Command(String name, String summary, String help, Action action) {

    @FunctionalInterface
    interface Action {
        /**
         * @param args the arguments after the command's name, global flags (--debug) removed
         * @return the exit code, one of {@link Main}'s
         */
        int run(List<String> args, PrintStream out, PrintStream err);
    }
}
