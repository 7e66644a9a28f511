package carport.cli;

import carport.core.syntax.AtIdentifier;
import carport.core.syntax.Did;
import carport.export.move.Migration;
import carport.export.move.MoveRefusedException;
import carport.net.identity.IdentityResolver;
import carport.net.identity.ResolvedIdentity;
import carport.net.pds.PdsClient;
import carport.net.pds.Secret;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code carport migrate}: moves an account to another PDS, verified before and proven after. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Moves an account to another PDS, verified before and proven after.",
            "",
            "The old PDS must be alive and you need the account's main password (an app",
            "password is refused). Steps: export into DIR/<did>/ and verify it; create the",
            "account on the new PDS (service auth from the old one); import the repository,",
            "upload the blobs, put the preferences; switch the DID to the new PDS with your own",
            "rotation keys kept first (the old PDS emails a token to confirm: on a terminal you",
            "are asked for it, otherwise the run saves its progress and exits 5, and you re-run",
            "with --plc-token TOKEN within 15 minutes); activate the new account, deactivate the",
            "old one; then compare what the new PDS serves with the export and print it.",
            "Progress is kept in DIR/<did>/_move.json: a run killed at any step continues when",
            "re-run with the same command. --status shows where it stands and changes nothing.",
            "Guide: README, 'Moving or restoring an account'; steps: docs/move.md."
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  moved, and the comparison holds",
            "  1  the comparison differs, or the export does not verify (nothing moved)",
            "  2  usage (including an app password or a wrong password)",
            "  3  a server unreachable or refusing (re-run to continue)",
            "  4  done except blobs a rate limit held back (old account still active; re-run later)",
            "  5  stopped to wait for you: the emailed PLC token (re-run with --plc-token TOKEN)"
        })
final class MigrateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "IDENT", description = "handle or DID of the account to move")
    String ident;

    @Option(names = "--to", paramLabel = "PDS_URL", description = "the new PDS (https://..., or http:// on loopback)")
    String to;

    @CommandLine.Mixin
    Passwords password = new Passwords();

    @Option(names = "--new-password-env", paramLabel = "VAR",
            description = "the new account's password from VAR (default: the current password)")
    String newPasswordEnv;

    @Option(names = "--new-password-file", paramLabel = "FILE",
            description = "the new account's password from the first line of FILE")
    Path newPasswordFile;

    @Option(names = "--email", paramLabel = "EMAIL", description = "email of the new account (default: the current one)")
    String email;

    @Option(names = "--handle", paramLabel = "HANDLE",
            description = "handle on the new PDS (default: the current one if it is a domain of your own)")
    String handle;

    @Option(names = "--invite-code", paramLabel = "CODE", description = "invite code, if the new PDS wants one")
    String inviteCode;

    @Option(names = "--plc-token", paramLabel = "TOKEN", description = "the token the old PDS emailed (from an earlier run)")
    String plcToken;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "where the export goes (default: .)")
    Path out = Path.of(".");

    @Option(names = "--activate-with-missing-blobs",
            description = "switch and activate even if a rate limit held some blobs back (upload them later by re-running)")
    boolean activateWithMissingBlobs;

    @Option(names = "--blob-threads", paramLabel = "N", description = "blob transfers at a time (default: 4)")
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
        AtIdentifier id = Idents.parse(ident);
        if (status) {
            return status(id, stdout, err);
        }
        if (to == null) {
            throw new UsageException("--to PDS_URL is required: the PDS to move the account to");
        }
        URI target = targetUri(to);
        if (blobThreads < 1 || blobThreads > 64) {
            throw new UsageException("--blob-threads takes a number from 1 to 64");
        }
        Secret current = password.read("Password of " + ident + " (main password, not an app password): ");
        Optional<Secret> newPassword = newPasswordEnv == null && newPasswordFile == null ? Optional.empty()
                : Optional.of(Passwords.read("--new-password-env", newPasswordEnv, "--new-password-file",
                        newPasswordFile, ""));
        Migration.Options opts = new Migration.Options(id, target, out, current, newPassword,
                Optional.ofNullable(email), Optional.ofNullable(handle), Optional.ofNullable(inviteCode),
                Optional.ofNullable(plcToken).map(String::strip).filter(s -> !s.isEmpty()).map(Secret::of),
                activateWithMissingBlobs, blobThreads, Version.get());
        IdentityResolver resolver = net.resolver(err);
        try (ExportProgress progress = new ExportProgress(err, Progress.stderrIsTerminal(), false)) {
            Migration.Listener listener = listener(progress, err);
            Migration.Result r;
            try {
                r = new Migration(opts, resolver, net.sync(err), uri -> new PdsClient(net.http(err), uri), listener,
                        progress.account(ident)).run();
            } catch (MoveRefusedException | IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            progress.close();
            r.proof().ifPresent(p -> p.print(stdout));
            switch (r.kind()) {
                case PROVEN:
                    stdout.println(r.message());
                    stdout.flush();
                    return ExitCode.OK;
                case DIFFERS:
                    err.println("carport: " + r.message() + "; the new account is active, the export is in " + r.dir());
                    return ExitCode.INVALID;
                case BLOBS_HELD_BACK:
                    err.println("carport: " + r.message());
                    return ExitCode.PARTIAL;
                default:
                    err.println("carport: " + r.message() + ":");
                    err.println("  " + rerun(r.did()));
                    return ExitCode.WAITING;
            }
        }
    }

    /** {@code --to}: a PDS origin by the same rule as a DID document's PDS endpoint (https; http on loopback only). */
    static URI targetUri(String s) {
        String hint = "--to takes the new PDS's URL, https://HOST (plain http only on a loopback address)";
        if (s.contains("@")) {
            // a user name or password in the URL: refused, and not repeated on the terminal
            throw new UsageException("--to: a URL with a user name or password is not accepted; " + hint);
        }
        try {
            return carport.net.identity.ServiceEndpoints.require(s.strip(), "--to");
        } catch (carport.net.identity.IdentityException e) {
            throw new UsageException(Text.safe(e.getMessage()) + "; " + hint);
        }
    }

    /** The command to re-run, without any secret (the password options name a variable or a file). */
    private String rerun(Did did) {
        StringBuilder sb = new StringBuilder("carport migrate ").append(did).append(" --to ").append(to);
        if (password.env != null) {
            sb.append(" --password-env ").append(password.env);
        } else if (password.file != null) {
            sb.append(" --password-file ").append(password.file);
        }
        if (newPasswordEnv != null) {
            sb.append(" --new-password-env ").append(newPasswordEnv);
        } else if (newPasswordFile != null) {
            sb.append(" --new-password-file ").append(newPasswordFile);
        }
        if (!out.equals(Path.of("."))) {
            sb.append(" -o ").append(out);
        }
        if (net.plcHost != null) {
            sb.append(" --plc-host ").append(net.plcHost);
        }
        return sb.append(" --plc-token TOKEN").toString();
    }

    private Migration.Listener listener(ExportProgress progress, PrintWriter err) {
        Console console = Passwords.terminal();
        return new Migration.Listener() {
            @Override
            public void say(String line) {
                progress.line(line);
            }

            @Override
            public void blobUploads(long done, long total) {
                if (done < total && done % Math.max(1, total / 20) == 0) {
                    progress.line("blobs: " + done + " of " + total + " uploaded");
                }
            }

            @Override
            public Optional<Secret> askPlcToken(String prompt) {
                progress.close();
                return TokenPrompt.ask(console, prompt);
            }
        };
    }

    /** {@code --status}: the recorded step and both PDSes' view of the account; changes nothing. */
    private int status(AtIdentifier id, PrintWriter stdout, PrintWriter err) throws IOException {
        IdentityResolver resolver = net.resolver(err);
        ResolvedIdentity who = resolver.resolve(id);
        Path dir = out.resolve(who.did().toString());
        stdout.println(who.did() + (who.claimedHandle().isPresent() ? " (" + who.displayHandle() + ")" : ""));
        MoveStatus.print(stdout, who.did(), dir, who.pds(), to, net.sync(err));
        stdout.flush();
        return ExitCode.OK;
    }
}
