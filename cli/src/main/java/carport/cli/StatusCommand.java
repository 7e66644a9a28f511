package carport.cli;

import carport.net.identity.ResolvedIdentity;
import carport.net.xrpc.RepoStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code carport status}: whether an account's repository is available (com.atproto.sync.getRepoStatus). */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
            "Asks the account's PDS whether its repository is active.",
            "",
            "If it is not, says why (deactivated,",
            "suspended, takendown...). Exit 0 when active, 3 when not."})
final class StatusCommand extends AccountCommand {
    @Option(names = "--json", description = "print {did, pds, active, status, rev} as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        ResolvedIdentity id = Idents.account(net.resolver(err), ident);
        RepoStatus s = net.sync(err).getRepoStatus(id.requirePds(), id.did());
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode o = mapper.createObjectNode();
            o.put("did", s.did().toString());
            o.put("pds", id.requirePds().toString());
            o.put("active", s.active());
            o.put("status", s.status().orElse(null));
            o.put("rev", s.rev().orElse(null));
            out.println(mapper.writeValueAsString(o));
        } else {
            out.println(s.did() + " on " + id.requirePds() + ": "
                    + (s.active() ? "active" : "not active (" + s.status().orElse("no reason given") + ")")
                    + s.rev().map(r -> ", rev " + r).orElse(""));
        }
        out.flush();
        return s.active() ? ExitCode.OK : ExitCode.REMOTE;
    }
}
