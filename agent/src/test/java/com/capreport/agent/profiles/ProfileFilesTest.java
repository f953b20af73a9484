package com.capreport.agent.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.Fixtures;
import com.capreport.model.ProfileSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Profiles files as admins write them, and the one-line errors when they get them wrong. */
class ProfileFilesTest {

    @Test
    void singleYamlProfileIsReadWithItsLines() throws Exception {
        List<ProfileDocument> docs = ProfileFiles.parse("gold.yaml", """
                id: gold
                name: Gold
                storageType: block
                requirements:
                  freeCapacity: ">= 500"
                  extras.IOConnectivityLineOfService.MaxIOPS: ">= 5000"
                """);

        assertThat(docs).singleElement().satisfies(d -> {
            assertThat(d.profile()).isEqualTo(new ProfileSpec("gold", "Gold", "", "block", Map.of(
                    "freeCapacity", ">= 500", "extras.IOConnectivityLineOfService.MaxIOPS", ">= 5000")));
            assertThat(d.index()).isEqualTo(1);
            assertThat(d.line()).isEqualTo(1);
            assertThat(d.lineOf("extras.IOConnectivityLineOfService.MaxIOPS")).isEqualTo(6);
            assertThat(d.expectedRevision()).isEmpty();
        });
    }

    @Test
    void scalarsYamlWouldTypeAreKeptExactlyAsWritten() throws Exception {
        ProfileSpec p = ProfileFiles.parse("typed.yaml", """
                id: typed
                requirements:
                  freeCapacity: 500
                  extras.DataStorageLineOfService.IsSpaceEfficient: True
                  extras.IOConnectivityLineOfService.MaxBytesPerSecond: 1e3
                  advanced.code: 007
                  advanced.enabled: yes
                  availabilityZone: "az01"
                """).get(0).profile();

        assertThat(p.requirements()).containsExactly(entry("freeCapacity", "500"),
                entry("extras.DataStorageLineOfService.IsSpaceEfficient", "True"),
                entry("extras.IOConnectivityLineOfService.MaxBytesPerSecond", "1e3"),
                entry("advanced.code", "007"), entry("advanced.enabled", "yes"), entry("availabilityZone", "az01"));
    }

    @Test
    void manyProfilesAsAListAWrapperOrYamlDocumentsReadAlike() throws Exception {
        String list = "- { id: a, requirements: { freeCapacity: '>= 1' } }\n- { id: b }\n";
        String wrapper = "profiles:\n  - { id: a, requirements: { freeCapacity: '>= 1' } }\n  - { id: b }\n";
        String documents = "---\nid: a\nrequirements: { freeCapacity: '>= 1' }\n---\nid: b\n---\n";
        String jsonWrapper = "{\"profiles\": [{\"id\": \"a\", \"requirements\": {\"freeCapacity\": \">= 1\"}}, {\"id\": \"b\"}]}";
        String jsonList = "[{\"id\": \"a\", \"requirements\": {\"freeCapacity\": \">= 1\"}}, {\"id\": \"b\"}]";

        for (String text : List.of(list, wrapper, documents, jsonWrapper, jsonList)) {
            assertThat(ProfileFiles.parse("many", text)).as(text).extracting(d -> d.profile().id(), ProfileDocument::index)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 1), org.assertj.core.groups.Tuple.tuple("b", 2));
        }
    }

    @Test
    void revisionPrintedByShowIsTheExpectedRevision() throws Exception {
        ProfileDocument d = ProfileFiles.parse("shown.yaml", "revision: 4702\nid: gold\n").get(0);

        assertThat(d.expectedRevision()).hasValue(4702);
    }

    @Test
    void showOutputReadsBackToTheSameProfileAndRevisionEvenWithValuesYamlWouldMangle() throws Exception {
        Map<String, String> nasty = new LinkedHashMap<>();
        nasty.put("a", ">= 5000");
        nasty.put("b", "True");
        nasty.put("c", "500");
        nasty.put("d", "<or> a <or> b");
        nasty.put("e", "s== x: y");
        nasty.put("f", "# not a comment");
        nasty.put("g", "- not a list");
        nasty.put("h", " leading space");
        nasty.put("i", "1e3");
        nasty.put("j", "007");
        nasty.put("k", "null");
        nasty.put("l", "<is> True");
        nasty.put("m", "!= 3");
        nasty.put("n", "");
        ProfileSpec p = new ProfileSpec("odd", "Odd: values", "it's \"quoted\"", "block", 2, nasty);

        ProfileDocument fromYaml = ProfileFiles.parse("shown.yaml", ProfileFiles.yaml(p, 77)).get(0);
        ProfileDocument fromJson = ProfileFiles.parse("shown.json", ProfileFiles.json(p, 78)).get(0);

        assertThat(fromYaml.profile()).isEqualTo(p);
        assertThat(fromYaml.revision()).isEqualTo(77);
        assertThat(fromJson.profile()).isEqualTo(p);
        assertThat(fromJson.revision()).isEqualTo(78);
    }

    @Test
    void unknownKeyNamesTheFileTheProfileTheKeyAndWhatIsAllowed() {
        assertOneLineError("p.yaml", "- id: a\n- id: gold\n  requirments: { freeCapacity: '>= 1' }\n",
                "p.yaml", "profile #2 'gold'", "requirments", "unknown key", "line 3", "requirements");
    }

    @Test
    void duplicateIdNamesBothProfiles() {
        assertOneLineError("p.yaml", "- id: gold\n- id: silver\n- id: gold\n",
                "p.yaml", "profile #3 'gold'", "profile #1", "unique");
    }

    @Test
    void duplicateRequirementIsRefusedWithBothLines() {
        assertOneLineError("p.yaml", "id: gold\nrequirements:\n  freeCapacity: '>= 1'\n  freeCapacity: '>= 2'\n",
                "p.yaml", "line 4", "duplicate key 'freeCapacity'", "first at line 3");
    }

    @Test
    void aListWhereAnExpressionBelongsShowsTheOperatorSyntax() {
        assertOneLineError("p.yaml", "id: gold\nrequirements:\n  extras.DataStorageLineOfService.ProvisioningPolicy: [Thin]\n",
                "p.yaml", "profile #1 'gold'", "requirements.extras.DataStorageLineOfService.ProvisioningPolicy",
                "a list", "<in> Thin");
    }

    @Test
    void wrongTypesAreNamedWithTheKey() {
        assertOneLineError("p.yaml", "id: gold\nname: { first: x }\n", "name", "expected text", "a mapping");
        assertOneLineError("p.yaml", "id: gold\nminMatches: two\n", "minMatches", "whole number", "'two'");
        assertOneLineError("p.yaml", "id: gold\nrequirements: [a]\n", "requirements", "expected a mapping", "a list");
        assertOneLineError("p.yaml", "id: gold\nrequirements: { freeCapacity: }\n", "requirements.freeCapacity",
                "no expression");
        assertOneLineError("p.yaml", "name: no id\n", "profile #1", "id: required");
        assertOneLineError("p.yaml", "id: a/b\n", "profile #1 'a/b'", "id", "key segment");
    }

    @Test
    void syntaxErrorNamesTheFormatAndThePosition() {
        assertOneLineError("p.yaml", "id: gold\nrequirements:\n  freeCapacity: \">= 1\n  x: [\n",
                "p.yaml", "not valid YAML", "line");
        assertOneLineError("p.json", "{\"id\": \"gold\",, }", "p.json", "not valid JSON", "line 1");
    }

    @Test
    void anUnquotedGreaterThanExpressionIsASyntaxErrorThatSaysToQuoteIt() {
        assertOneLineError("p.yaml", "id: gold\nrequirements:\n  freeCapacity: >= 500\n",
                "p.yaml", "not valid YAML at line 3", "must be quoted", "\">= 500\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "# only a comment\n", "---\n---\n"})
    void aFileWithoutProfilesSaysSo(String text) {
        assertOneLineError("empty.yaml", text, "empty.yaml", "no profiles");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ProfileFiles.read(Path.of("/nonexistent/profiles.yaml")))
                .isInstanceOf(ProfileFileException.class)
                .hasMessage("/nonexistent/profiles.yaml: file not found");
    }

    @Test
    void theWhatIfFixtureHoldsThreeProfiles() throws Exception {
        List<ProfileDocument> docs = ProfileFiles.parse("profiles.yaml", Fixtures.read("match/profiles.yaml"));

        assertThat(docs).extracting(d -> d.profile().id()).containsExactly("gold", "silver", "platinum");
        assertThat(docs.get(1).profile().requirements())
                .containsEntry("extras.DataStorageLineOfService.IsSpaceEfficient", "True");
    }

    private static void assertOneLineError(String file, String text, String... parts) {
        assertThatThrownBy(() -> ProfileFiles.parse(file, text))
                .isInstanceOf(ProfileFileException.class)
                .satisfies(e -> {
                    CliRun.assertOneLine(e.getMessage());
                    assertThat(e.getMessage()).contains(parts);
                });
    }
}
