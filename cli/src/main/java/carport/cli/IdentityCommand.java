package carport.cli;

import carport.core.crypto.KeyFile;
import carport.core.crypto.SigningKey;
import carport.export.move.AddRotationKey;
import carport.export.move.Migration;
import carport.export.move.MoveRefusedException;
import carport.net.pds.PdsClient;
import carport.net.pds.Secret;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code carport identity}: changes to an account's DID (PLC) through its PDS. */
@Command(
        name = "identity",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        subcommands = {IdentityCommand.AddRotationKeyCommand.class},
        description = {
            "Changes an account's identity (its did:plc) through its PDS.",
            "",
            "See 'carport identity add-rotation-key --help'."
        })
final class IdentityCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: add-rotation-key");
    }

    /** {@code carport identity add-rotation-key IDENT --key-file FILE}. */
    @Command(
            name = "add-rotation-key",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            description = {
                "Puts a key of your own first among your DID's rotation keys.",
                "",
                "FILE holds the private key ('carport key generate', or 64 hex characters, or",
                "goat's z... form; only the public key leaves this machine; a file others can",
                "read is refused). Your PDS signs the PLC operation after emailing you a token:",
                "on a terminal you are asked for it; otherwise the run exits 5 and you re-run",
                "with --plc-token TOKEN within 15 minutes. Rotation keys are in priority order",
                "(at most 5): yours first can undo the PDS's operations for 72 hours, and lets",
                "'carport restore' bring the account back if the PDS disappears. Needs the",
                "account's main password (an app password is refused). Running it again when",
                "the key is already first changes nothing."
            },
            footerHeading = "%nExit codes:%n",
            footer = {
                "  0  the key is first among the rotation keys",
                "  1  the PDS signed something else (nothing submitted)",
                "  2  usage (key file missing or readable by others, app or wrong password, 5 keys already)",
                "  3  a server unreachable or refusing (a wrong or expired token too)",
                "  5  stopped to wait for you: the emailed PLC token (re-run with --plc-token TOKEN)"
            })
    static final class AddRotationKeyCommand implements Callable<Integer> {
        @Parameters(paramLabel = "IDENT", description = "handle or DID of the account")
        String ident;

        @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "your private key")
        Path keyFile;

        @CommandLine.Mixin
        Passwords password = new Passwords();

        @Option(names = "--plc-token", paramLabel = "TOKEN", description = "the token the PDS emailed (from an earlier run)")
        String plcToken;

        @CommandLine.Mixin
        NetOptions net = new NetOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            carport.core.syntax.AtIdentifier id = Idents.parse(ident);
            SigningKey key;
            try {
                key = KeyFile.read(keyFile);
            } catch (KeyFile.KeyFileException e) {
                throw new UsageException(e.getMessage());
            }
            Secret secret = password.read("Password of " + ident + " (main password, not an app password): ");
            Migration.Listener listener = TokenPrompt.listener(err);
            AddRotationKey.Result r;
            try {
                r = new AddRotationKey(net.resolver(err), uri -> new PdsClient(net.http(err), uri), listener)
                        .run(id, key.didKey(), secret,
                                Optional.ofNullable(plcToken).map(String::strip).filter(s -> !s.isEmpty()).map(Secret::of));
            } catch (MoveRefusedException e) {
                throw new UsageException(e.getMessage());
            }
            if (r.outcome() == AddRotationKey.Outcome.WAITING_FOR_TOKEN) {
                err.println("carport: " + r.message() + ":");
                StringBuilder sb = new StringBuilder("  carport identity add-rotation-key ").append(r.did())
                        .append(" --key-file ").append(keyFile);
                if (password.env != null) {
                    sb.append(" --password-env ").append(password.env);
                } else if (password.file != null) {
                    sb.append(" --password-file ").append(password.file);
                }
                if (net.plcHost != null) {
                    sb.append(" --plc-host ").append(net.plcHost);
                }
                err.println(sb.append(" --plc-token TOKEN"));
                err.flush();
                return ExitCode.WAITING;
            }
            out.println(r.message());
            out.println("rotation keys of " + r.did() + ", highest priority first:");
            for (String k : r.rotationKeys()) {
                out.println("  " + k + (k.equals(key.didKey()) ? "  (yours: " + keyFile + ")" : ""));
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
