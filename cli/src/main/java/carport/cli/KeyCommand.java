package carport.cli;

import carport.core.crypto.Curve;
import carport.core.crypto.KeyFile;
import carport.core.crypto.SigningKey;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code carport key}: private keys of the user's own (PLC rotation keys). */
@Command(
        name = "key",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        subcommands = {KeyCommand.Generate.class},
        description = {
            "Makes a private key of your own: a PLC rotation key, for restoring an account.",
            "",
            "See 'carport key generate --help'."
        })
final class KeyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: generate");
    }

    /** {@code carport key generate -o FILE}. */
    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            description = {
                "Generates a private key into a new file (mode 0600) and prints its did:key.",
                "",
                "The file holds the key in the multibase form goat prints (z...). It is",
                "never overwritten. Add the printed did:key to your DID as its first",
                "rotation key ('carport identity add-rotation-key IDENT --key-file FILE')",
                "while your PDS is alive; with it, 'carport restore' can bring the account",
                "back from an export if the PDS disappears. Keep the file offline and safe:",
                "whoever holds it controls your identity.",
                "Exit 0 on success, 2 if FILE exists or cannot be written."
            })
    static final class Generate implements Callable<Integer> {
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
                description = "the new key file (must not exist)")
        Path output;

        @Option(names = "--curve", paramLabel = "CURVE", defaultValue = "secp256k1",
                description = "secp256k1 (default) or p256")
        String curve;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Curve c = switch (curve.toLowerCase(java.util.Locale.ROOT)) {
                case "secp256k1", "k256", "k-256" -> Curve.K256;
                case "p256", "p-256", "secp256r1" -> Curve.P256;
                default -> throw new UsageException("--curve is secp256k1 or p256, not " + curve);
            };
            Path dir = output.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new UsageException("no such folder for the key file: " + dir);
            }
            SigningKey key = SigningKey.generate(c);
            try {
                KeyFile.write(output, key);
            } catch (FileAlreadyExistsException e) {
                throw new UsageException(output + " exists; carport never overwrites a key file (choose another name)");
            }
            spec.commandLine().getOut().println(key.didKey());
            spec.commandLine().getErr().println("carport: wrote the private key to " + output
                    + " (mode 0600); keep it safe: it controls your identity");
            return ExitCode.OK;
        }
    }
}
