/// Connected components.
public struct Components: Sendable {
    /// Component of each node: 0 is the largest; ties go to the component with the smaller lowest node id.
    public let label: [Int32]
    /// Size of each component, largest first.
    public let sizes: [Int]

    /// The number of components.
    public var count: Int { sizes.count }
}

extension CoauthorGraph {
    /// The connected components, numbered by size (largest first).
    ///
    /// - Complexity: O(V + E), one BFS per component.
    public func components() -> Components {
        var raw = [Int32](repeating: -1, count: nodeCount)
        var rawSizes: [Int] = []
        var queue = [Int32](repeating: 0, count: nodeCount)
        for s in 0..<nodeCount where raw[s] < 0 {
            let c = Int32(rawSizes.count)
            raw[s] = c
            var head = 0, tail = 0
            queue[tail] = Int32(s); tail += 1
            while head < tail {
                let u = Int(queue[head]); head += 1
                for k in offsets[u]..<offsets[u + 1] {
                    let v = Int(neighbors[k])
                    if raw[v] < 0 { raw[v] = c; queue[tail] = Int32(v); tail += 1 }
                }
            }
            rawSizes.append(tail)
        }
        // Raw ids are in order of the lowest node; a stable sort by size keeps that as the tie-break.
        let order = rawSizes.indices.sorted { rawSizes[$0] != rawSizes[$1] ? rawSizes[$0] > rawSizes[$1] : $0 < $1 }
        var rename = [Int32](repeating: 0, count: rawSizes.count)
        for (newID, old) in order.enumerated() { rename[old] = Int32(newID) }
        return Components(label: raw.map { rename[Int($0)] }, sizes: order.map { rawSizes[$0] })
    }
}
