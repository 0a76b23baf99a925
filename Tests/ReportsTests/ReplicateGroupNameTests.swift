@testable import Reports
import Testing

/// Automatic replicate groups are named after their runs without the seed (sweep names included).
@Suite struct ReplicateGroupNameTests {
    @Test(arguments: [
        ("cifar10-rtl/seed=0,method=rtl", "cifar10-rtl/method=rtl"),
        ("cifar10-rtl/method=rtl,seed=12", "cifar10-rtl/method=rtl"),
        ("cifar10-rtl/lr=0.001,seed=3,method=imp-single", "cifar10-rtl/lr=0.001,method=imp-single"),
        ("rtl/seed=0", "rtl/"),
        ("rtl-s0", "rtl-s0"),
    ])
    func seedComponentIsRemoved(name: String, expected: String) {
        #expect(ReplicateGroup.withoutSeed(name) == expected)
    }
}
