package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandsTest {
    @Test
    void everyCommandIsRegisteredUnderItsOwnName() {
        for (Map.Entry<String, Supplier<Object>> e : Commands.ALL.entrySet()) {
            assertThat(new CommandLine(e.getValue().get()).getCommandName()).isEqualTo(e.getKey());
        }
    }

    @Test
    void everyCommandSummaryIsAWholeSentence() {
        // the command list in carport --help shows only the first line of each description
        for (Map.Entry<String, Supplier<Object>> e : Commands.ALL.entrySet()) {
            String[] d = new CommandLine(e.getValue().get()).getCommandSpec().usageMessage().description();
            assertThat(d[0]).as(e.getKey()).endsWith(".").hasSizeLessThan(80);
        }
    }

    @Test
    void topLevelHelpListsEveryCommandInOrder() {
        CliRun r = CliRun.run("--help");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        int last = -1;
        for (String name : Commands.ALL.keySet()) {
            int at = r.out().indexOf("\n  " + name + " ");
            assertThat(at).as(name).isGreaterThan(last);
            last = at;
        }
    }

    @Test
    void aNamedCommandRunsAloneAndTheOthersStayReachable() {
        CliRun help = CliRun.run("help", "verify");
        assertThat(help.code()).isEqualTo(ExitCode.OK);
        assertThat(help.out()).startsWith("Usage: carport verify");
        CliRun own = CliRun.run("list-records", "--help");
        assertThat(own.code()).isEqualTo(ExitCode.OK);
        assertThat(own.out()).startsWith("Usage: carport list-records");
        assertThat(CliRun.run("--version").out()).startsWith("carport ");
    }

    @Test
    void aMisspeltCommandIsAUsageErrorThatNamesTheCloseOne() {
        CliRun r = CliRun.run("verfy", "x.car");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("verfy").contains("verify");
        assertThat(CliRun.run().code()).isEqualTo(ExitCode.USAGE);
    }
}
