import Testing
import Vocabulary

@Suite struct MetricNameTests {
    @Test func storedNamesAreUnchanged() {
        #expect(MetricName.recorded.map(\.rawValue)
                == ["balanced_accuracy", "precision", "recall", "accuracy", "f1", "loss", "params", "psnr", "si_snri", "wsdr"])
        for m in MetricName.recorded { #expect(MetricName(rawValue: m.rawValue) == m) }
        #expect(MetricName.quality == [.balancedAccuracy, .psnr, .siSNRi])
    }

    @Test func sceneMetricsCarryTheirScene() {
        #expect(MetricName.sceneSISNRi("cafe").rawValue == "si_snri.cafe")
        #expect(MetricName(rawValue: "si_snri.cafe") == .sceneSISNRi("cafe"))
        #expect(MetricName(rawValue: "si_snri.a.b") == .sceneSISNRi("a.b"))
        #expect(MetricName(rawValue: "si_snri.") == nil)
        #expect(MetricName(rawValue: "custom_thing") == nil)
        #expect(MetricName.sceneSISNRi("cafe").unit == "dB" && MetricName.sceneSISNRi("cafe").higherIsBetter)
    }

    @Test func labelsUnitsAndDirections() {
        // The titles the comparison tables print (unchanged from before the vocabulary existed).
        #expect(MetricName.psnr.title == "PSNR (dB) ↑")
        #expect(MetricName.siSNRi.title == "SI-SNRi (dB) ↑")
        #expect(MetricName.balancedAccuracy.title == "Balanced accuracy ↑")
        #expect(MetricName.precision.title == "Precision ↑" && MetricName.recall.title == "Recall ↑")
        #expect(MetricName.params.title == "#Params ↓")
        #expect(MetricName.balancedAccuracy.noun == "balanced accuracy" && MetricName.psnr.noun == "PSNR (dB)")
        #expect(MetricName.recorded.filter { !$0.higherIsBetter } == [.loss, .params, .wsdr])
        #expect(MetricName.recorded.filter(\.isFraction) == [.balancedAccuracy, .precision, .recall, .accuracy, .f1])
        for m in MetricName.quality { #expect(m.higherIsBetter) }
    }
}
