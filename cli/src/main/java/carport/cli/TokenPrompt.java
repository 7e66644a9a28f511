package carport.cli;

import carport.export.move.Migration;
import carport.net.pds.Secret;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Optional;

/** Asks for the PLC token a PDS emailed, on the terminal only; without one the command exits 5. */
final class TokenPrompt {
    private TokenPrompt() {}

    static Optional<Secret> ask(Console console, String prompt) {
        if (console == null) {
            return Optional.empty();
        }
        String t = console.readLine("%s", prompt + "Token: ");
        return t == null || t.isBlank() ? Optional.empty() : Optional.of(Secret.of(t.strip()));
    }

    /** A listener that prints lines to {@code err} and asks for the token on the terminal, if there is one. */
    static Migration.Listener listener(PrintWriter err) {
        Console console = Passwords.terminal();
        return new Migration.Listener() {
            @Override
            public void say(String line) {
                err.println(line);
                err.flush();
            }

            @Override
            public Optional<Secret> askPlcToken(String prompt) {
                return ask(console, prompt);
            }
        };
    }
}
