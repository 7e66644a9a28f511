package carport.cli;

import carport.core.crypto.KeyFile;
import carport.core.crypto.SigningKey;
import carport.core.syntax.Did;
import carport.export.ExportDir;
import carport.export.move.MoveListener;
import carport.export.move.MoveRefusedException;
import carport.export.move.Restore;
import carport.net.http.HttpTransport;
import carport.net.identity.IdentityResolver;
import carport.net.pds.PdsClient;
import carport.net.pds.Secret;
import carport.net.plc.PlcDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code carport restore}: brings an account back on a new PDS from its export, when the old PDS is gone. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Brings an account back on a new PDS from its export, when the old PDS is gone.",
            "",
            "Needs the export (DIR/<did>, from carport export) and a PLC rotation key of your own",
            "that the DID lists (carport key generate + identity add-rotation-key, done while the",
            "old PDS was alive). Steps: check the export (nothing happens unless it verifies);",
            "fetch and validate the live PLC audit log (refused if the DID is tombstoned, your key",
            "is not one of its rotation keys, or the old PDS still serves the account: then use",
            "migrate, or --force); a PLC operation signed by your key sets a signing key carport",
            "generates (kept 0600 beside _move.json until the account is active); createAccount",
            "with a service-auth token minted offline; import _repo.car, upload _blob/, put",
            "_preferences.json back; a PLC operation pointing the DID at the new PDS with your",
            "key first; activate; then compare what the new PDS serves with the export.",
            "Progress is kept in DIR/<did>/_move.json: a run killed at any step continues when",
            "re-run with the same command. --status shows where it stands and changes nothing.",
            "Guide: README, 'Moving or restoring an account'; steps: docs/move.md."
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  restored, and the comparison holds",
            "  1  the comparison differs, or the export does not verify (nothing sent anywhere)",
            "  2  usage (a key that is not a rotation key, an old PDS still alive, a handle to choose...)",
            "  3  a server unreachable or refusing, or the DID is tombstoned (re-run to continue)",
            "  4  restored and active, except blobs a rate limit held back (re-run later)"
        })
final class RestoreCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR/<did>", description = "the account's export folder")
    Path dir;

    @Option(names = "--to", paramLabel = "PDS_URL", description = "the new PDS (https://..., or http:// on loopback)")
    String to;

    @Option(names = "--rotation-key", paramLabel = "FILE",
            description = "your PLC rotation key (64 hex characters or goat's z... form; mode 0600)")
    Path rotationKey;

    @Option(names = "--email", paramLabel = "EMAIL", description = "email of the new account")
    String email;

    @Option(names = "--handle", paramLabel = "HANDLE",
            description = "handle on the new PDS (default: the current one if it is a domain of your own)")
    String handle;

    @Option(names = "--new-password-env", paramLabel = "VAR", description = "the new account's password from VAR")
    String newPasswordEnv;

    @Option(names = "--new-password-file", paramLabel = "FILE",
            description = "the new account's password from the first line of FILE")
    Path newPasswordFile;

    @Option(names = "--invite-code", paramLabel = "CODE", description = "invite code, if the new PDS wants one")
    String inviteCode;

    @Option(names = "--force", description = "restore even though the PDS the DID names still serves the account")
    boolean force;

    @Option(names = "--blob-threads", paramLabel = "N", description = "blob uploads at a time (default: 4)")
    int blobThreads = 4;

    @Option(names = "--status", description = "print the recorded step and the account's status on both PDSes; change nothing")
    boolean status;

    @CommandLine.Mixin
    NetOptions net = new NetOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve(ExportDir.MANIFEST))) {
            throw new UsageException(dir + " is not an export folder (DIR/<did> with " + ExportDir.MANIFEST
                    + "; make one with carport export)");
        }
        if (status) {
            return status(stdout, err);
        }
        if (to == null) {
            throw new UsageException("--to PDS_URL is required: the PDS to restore the account to");
        }
        URI target = MigrateCommand.targetUri(to);
        if (rotationKey == null) {
            throw new UsageException("--rotation-key FILE is required: the PLC rotation key of your own that the DID lists");
        }
        if (email == null || email.isBlank()) {
            throw new UsageException("--email EMAIL is required: the new PDS wants an email for the account");
        }
        if (newPasswordEnv == null && newPasswordFile == null) {
            throw new UsageException("--new-password-env VAR or --new-password-file FILE is required: the new account's"
                    + " password (never on the command line)");
        }
        if (blobThreads < 1 || blobThreads > 64) {
            throw new UsageException("--blob-threads takes a number from 1 to 64");
        }
        SigningKey key;
        try {
            key = KeyFile.read(rotationKey);
        } catch (KeyFile.KeyFileException e) {
            throw new UsageException(e.getMessage());
        }
        Secret password = Passwords.read("--new-password-env", newPasswordEnv, "--new-password-file", newPasswordFile,
                "");
        Restore.Options opts = new Restore.Options(dir, target, key, email.strip(), Optional.ofNullable(handle),
                password, Optional.ofNullable(inviteCode), force, blobThreads);
        IdentityResolver resolver = net.resolver(err);
        PlcDirectory plc = new PlcDirectory(new HttpTransport(net.http(err)), resolver.options().plcHost());
        Restore.Result r;
        try {
            r = new Restore(opts, resolver, net.sync(err), plc, uri -> new PdsClient(net.http(err), uri),
                    listener(err)).run();
        } catch (Restore.RefusedException e) {
            if (e.usage()) {
                throw new UsageException(e.getMessage());
            }
            throw new carport.net.RemoteException(e.getMessage());
        } catch (MoveRefusedException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        r.proof().ifPresent(p -> p.print(stdout));
        switch (r.kind()) {
            case PROVEN:
                stdout.println(r.message());
                stdout.flush();
                return ExitCode.OK;
            case BLOBS_LEFT:
                err.println("carport: " + r.message());
                err.flush();
                return ExitCode.PARTIAL;
            default:
                err.println("carport: " + r.message() + "; the account is active on " + target + ", the export is in "
                        + dir);
                err.flush();
                return ExitCode.INVALID;
        }
    }

    private static MoveListener listener(PrintWriter err) {
        return new MoveListener() {
            @Override
            public void say(String line) {
                synchronized (err) {
                    err.println("restore: " + line);
                    err.flush();
                }
            }

            @Override
            public void blobUploads(long done, long total) {
                if (done == total || done % 50 == 0) {
                    say("blobs: " + done + " of " + total + " uploaded");
                }
            }
        };
    }

    private int status(PrintWriter stdout, PrintWriter err) throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(Files.readAllBytes(dir.resolve(ExportDir.MANIFEST)));
        Did did;
        try {
            did = Did.parse(manifest.path("did").asText(""));
        } catch (RuntimeException e) {
            throw new UsageException(dir.resolve(ExportDir.MANIFEST) + " names no valid DID");
        }
        IdentityResolver resolver = net.resolver(err);
        Optional<URI> named;
        try {
            named = resolver.resolveDid(did, false).pds();
        } catch (carport.net.RemoteException e) {
            stdout.println(did + ": " + e.getMessage());
            named = Optional.empty();
        }
        stdout.println(did);
        MoveStatus.print(stdout, did, dir, named, to, net.sync(err));
        return ExitCode.OK;
    }
}
