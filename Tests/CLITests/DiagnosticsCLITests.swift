import Foundation
import Testing

@Suite struct DiagnosticsCLITests {
    /// The generated example: four CIFAR-10 classes with a planted collapse at step 5 (sparsity 0.74).
    func exampleStore() throws -> URL {
        let dir = scratchDirectory()
        #expect(try ticketscope(["example", "--out", "ex"], in: dir).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("ex").path).sorted()
            .filter { $0.hasSuffix(".npz") }.map { "ex/" + $0 }
        #expect(try ticketscope(["import", "--run", "ex"] + files, in: dir).status == 0)
        return dir
    }

    @Test func collapseReportsOnsetsPerSubnetwork() throws {
        let dir = try exampleStore()
        let r = try ticketscope(["collapse", "--run", "ex", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r)
        let subs = try #require(j["subnetworks"] as? [[String: Any]])
        #expect(subs.map { $0["name"] as? String } == ["airplane", "automobile", "cat", "dog"])
        for s in subs {
            #expect(abs((s["similarity_onset"] as? Double ?? 0) - 0.74) < 0.001)
            #expect(s["accuracy_onset"] is NSNull)   // the example has no accuracy: unavailable, not zero
            #expect(s["lead"] is NSNull)
        }
        #expect(j["accuracy_available"] as? Bool == false)
        #expect(abs((j["run_similarity_onset"] as? Double ?? 0) - 0.74) < 0.001)
        // Lift is read as asked (it grows without bound as masks thin; docs/stop-rules.md).
        let lift = try json(try ticketscope(["collapse", "--run", "ex", "--measure", "lift", "--json"], in: dir))
        #expect(lift["measure"] as? String == "lift")
        let corrected = try json(try ticketscope(["collapse", "--run", "ex", "--measure", "corrected", "--json"], in: dir))
        #expect(abs((corrected["run_similarity_onset"] as? Double ?? 0) - 0.74) < 0.001)
        // New keys beside the old ones: the onset as an object, the axis, the chance curve.
        let detail = try #require(j["run_similarity_onset_detail"] as? [String: Any])
        #expect(detail["confirmed"] as? Bool == true && detail["step"] as? Int == 5 && detail["direction"] as? String == "rise")
        #expect(j["axis"] as? String == "linear")
        #expect((j["run_chance"] as? [Double])?.count == 8)
        let text = try ticketscope(["collapse", "--run", "ex"], in: dir)
        #expect(text.stdout.contains("Mean Jaccard turns upward after sparsity 0.670"))
    }

    @Test func importedMetricsGiveAccuracyOnsetsAndLeads() throws {
        let dir = try exampleStore()
        let imp = try ticketscope(["import-metrics", "--run", "ex", "ex/metrics.csv"], in: dir)
        #expect(imp.status == 0, "\(imp.stderr)")
        let j = try json(try ticketscope(["collapse", "--run", "ex", "--json"], in: dir))
        #expect(j["accuracy_available"] as? Bool == true && j["accuracy_split"] as? String == "validation")
        let subs = try #require(j["subnetworks"] as? [[String: Any]])
        // Planted: accuracy falls one step after the collapse (0.83) for airplane and cat, two (0.90) for the others.
        for (s, expected) in zip(subs, [0.83, 0.9, 0.83, 0.9]) {
            #expect(abs((s["accuracy_onset"] as? Double ?? 0) - expected) < 0.001)
            #expect((s["lead"] as? Double ?? 0) > 0.08)
        }
        // Bad CSVs are refused whole.
        let bad = [("hdr.csv", "step,sub,split,name,value\n0,cat,validation,loss,1\n", "header"),
                   ("sub.csv", "step,subnetwork,split,name,value\n0,cat,validation,loss,1\n0,horse,validation,loss,1\n", "horse"),
                   ("nan.csv", "step,subnetwork,split,name,value\n0,cat,validation,loss,nan\n", "finite"),
                   ("step.csv", "step,subnetwork,split,name,value\n42,cat,validation,loss,1\n", "step '42'")]
        for (name, text, fragment) in bad {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
            expectCleanFailure(try ticketscope(["import-metrics", "--run", "ex", name], in: dir), mentions: [name, fragment])
        }
        let after = try json(try ticketscope(["collapse", "--run", "ex", "--json"], in: dir))
        #expect((after["subnetworks"] as? [[String: Any]])?.first?["accuracy_onset"] as? Double == subs.first?["accuracy_onset"] as? Double)
    }

    @Test func checkExitsZeroOrThreeAndTwoOnAMalformedRule() throws {
        let dir = try exampleStore()
        let stop = try ticketscope(["check", "--run", "ex", "--rule", "mean-jaccard>0.8"], in: dir)
        #expect(stop.status == 3)
        #expect(stop.stdout.hasPrefix("stop: mean-jaccard>0.8 fired at step 7"))
        #expect(stop.stdout.split(separator: "\n").count == 1)
        let go = try ticketscope(["check", "--run", "ex", "--rule", "mean-jaccard<0.05"], in: dir)
        #expect(go.status == 0)
        #expect(go.stdout.hasPrefix("go on"))
        let onset = try json(try ticketscope(["check", "--run", "ex", "--rule", "onset", "--json"], in: dir))
        #expect(onset["stop"] as? Bool == true && onset["step"] as? Int == 7)
        #expect((onset["onset"] as? [String: Any])?["step"] as? Int == 5)
        #expect(onset["measure"] as? String == "mean-jaccard" && onset["value"] is Double)
        // --measure: the onset clause reads lift and says so; the value is lift at the latest step.
        let lift = try json(try ticketscope(["check", "--run", "ex", "--rule", "onset", "--measure", "lift", "--json"], in: dir))
        #expect(lift["measure"] as? String == "mean-lift" && (lift["value"] as? Double ?? 0) > 1)
        let liftText = try ticketscope(["check", "--run", "ex", "--rule", "mean-lift>1000"], in: dir)
        #expect(liftText.status == 0 && liftText.stdout.contains("mean-lift = "))
        let noValue = try json(try ticketscope(["check", "--run", "ex", "--rule", "mean-lift>1000", "--json"], in: dir))
        #expect(noValue["value"] is Double)
        let cosine = try ticketscope(["check", "--run", "ex", "--rule", "onset", "--measure", "cosine"], in: dir)
        #expect(cosine.status != 0 && cosine.stderr.contains("cosine"))
        let bad = try ticketscope(["check", "--run", "ex", "--rule", "mean-jacard>0.5"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown measure 'mean-jacard'") && bad.stderr.contains("measure := mean-jaccard"))
        expectCleanFailure(try ticketscope(["check", "--run", "nope", "--rule", "onset"], in: dir), mentions: ["no run named 'nope'"])
    }

    @Test func semanticJSONHasStepsGroupsAndPerClass() throws {
        let dir = try exampleStore()
        let r = try ticketscope(["semantic", "--run", "ex", "--preset", "cifar10", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r)
        #expect(j["synsets"] as? [String] == ["airplane.n.01", "car.n.01", "cat.n.01", "dog.n.01"])
        let steps = try #require(j["steps"] as? [[String: Any]])
        #expect(steps.count == 8)
        let groups = try #require(steps[0]["groups"] as? [String: [String: Any]])
        #expect(Set(groups.keys) == ["global", "shallow", "middle", "deep"])
        #expect(groups["global"]?["spearman"] is Double && groups["global"]?["p_value"] is Double && groups["global"]?["mean_jaccard"] is Double)
        #expect((j["per_class"] as? [Any])?.count == 4)
        #expect((j["stages"] as? [Any])?.count == 3)
    }

    @Test func backtestReplaysRulesOnline() throws {
        let dir = try exampleStore()
        expectCleanFailure(try ticketscope(["backtest", "--run", "ex", "--rule", "onset"], in: dir), mentions: ["no quality metric"])
        #expect(try ticketscope(["import-metrics", "--run", "ex", "ex/metrics.csv"], in: dir).status == 0)
        let r = try ticketscope(["backtest", "--run", "ex", "--rule", "onset", "--rule", "mean-jaccard<0.01", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r)
        #expect(j["run"] as? String == "ex")
        let rules = try #require(j["rules"] as? [[String: Any]])
        // The planted collapse is at step 5; the onset rule fires when step 5 arrives and keeps step 4.
        #expect(rules[0]["rule"] as? String == "onset" && rules[0]["fired_step"] as? Int == 5 && rules[0]["kept_step"] as? Int == 4)
        #expect(rules[0]["iterations_saved"] as? Int == 2)
        // A rule that never fires keeps the last step and saves nothing; its fired_step is null, not absent.
        #expect(rules[1]["fired_step"] is NSNull && rules[1]["kept_step"] as? Int == 7 && rules[1]["iterations_saved"] as? Int == 0)
        for key in ["oracle_step", "oracle_sparsity", "oracle_quality", "kept_sparsity", "kept_quality", "steps_past_oracle"] {
            #expect(rules[0][key] != nil, "missing \(key)")
        }
        let many = try json(try ticketscope(["backtest", "--all", "--rule", "onset", "--json"], in: dir))
        #expect((many["runs"] as? [Any])?.count == 1 && (many["summary"] as? [[String: Any]])?.first?["rule"] as? String == "onset")
        let noRule = try ticketscope(["backtest", "--run", "ex"], in: dir)
        #expect(noRule.status != 0 && noRule.stderr.contains("--rule"))
        let bad = try ticketscope(["backtest", "--run", "ex", "--rule", "onset>1"], in: dir)
        #expect(bad.status == 2)
    }

    @Test func badDiagnosticInputs() throws {
        let dir = scratchDirectory()
        var seed: UInt64 = 5
        try writeStep(dir.appendingPathComponent("one.npz"), subnetworks: ["solo"], layers: [("w", [10])], keep: 0.5, seed: &seed)
        #expect(try ticketscope(["import", "--run", "one", "one.npz"], in: dir).status == 0)
        expectCleanFailure(try ticketscope(["collapse", "--run", "one"], in: dir), mentions: ["1 subnetwork", "at least 2"])
        expectCleanFailure(try ticketscope(["backtest", "--run", "one", "--rule", "onset"], in: dir), mentions: ["1 subnetwork", "at least 2"])
        expectCleanFailure(try ticketscope(["semantic", "--run", "one"], in: dir), mentions: ["1 subnetwork", "at least 3"])
        try writeStep(dir.appendingPathComponent("odd.npz"), subnetworks: ["cat", "dog", "zzqxv"], layers: [("w", [10])], keep: 0.5, seed: &seed)
        #expect(try ticketscope(["import", "--run", "odd", "odd.npz"], in: dir).status == 0)
        expectCleanFailure(try ticketscope(["semantic", "--run", "odd"], in: dir), mentions: ["zzqxv"])
        try Data("{\"cat\": 3".utf8).write(to: dir.appendingPathComponent("bad.json"))
        expectCleanFailure(try ticketscope(["semantic", "--run", "odd", "--overrides", "bad.json"], in: dir), mentions: ["bad.json"])
        expectCleanFailure(try ticketscope(["wordnet", "similarity", "cat", "qqqzzz"], in: dir), mentions: ["qqqzzz"])
        expectCleanFailure(try ticketscope(["wordnet", "similarity", "--wordnet-dir", "/nonexistent", "cat"], in: dir), mentions: ["wordnet-base"])
    }

    @Test func wordnetSimilarityJSON() throws {
        let r = try ticketscope(["wordnet", "similarity", "--json", "cat", "dog", "mice"], in: scratchDirectory())
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r)
        #expect(j["synsets"] as? [String] == ["cat.n.01", "dog.n.01", "mouse.n.01"])
        let m = try #require(j["matrix"] as? [[Double]])
        #expect(abs(m[0][1] - 0.2) < 1e-12)   // NLTK: cat.n.01 – dog.n.01 path similarity 0.2
    }
}
