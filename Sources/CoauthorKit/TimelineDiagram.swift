import Bibliography
import CollaborationGraph
import Foundation
import Rendering

/// An author's collaboration timeline as a diagram: years as columns from
/// left to right, each co-author placed in the year of their first joint
/// paper, the edge from the author to them as wide as their joint papers.
public enum TimelineDiagram {
    /// The drawing for node `author` of `net`.
    public static func drawing(_ net: Network, author: Int, title: String? = nil) -> Drawing {
        let c = net.corpus
        let pid = PersonID(UInt32(net.person[author]))
        // First joint year and joint papers per co-author.
        var first: [Int: Int] = [:]
        var joint: [Int: Int] = [:]
        var inferred: [Int: Bool] = [:]
        for pi in net.papers {
            let p = c.papers[pi]
            guard p.authors.contains(pid), let y = p.year else { continue }
            for a in p.authors where a != pid {
                let v = Int(net.node[a.index])
                if v < 0 { continue }
                joint[v, default: 0] += 1
                if first[v] == nil || y < first[v]! || (y == first[v]! && inferred[v] == true) {
                    first[v] = y
                    inferred[v] = p.date?.yearInferred == true
                }
            }
        }
        var d = Drawing()
        d.layout = "dot"
        d.title = title ?? "Collaboration timeline of \(net.name(author)): \(joint.count) co-authors"
        d.graphAttributes = [("rankdir", "LR"), ("ranksep", "0.9"), ("nodesep", "0.12"), ("splines", "true"),
                             ("newrank", "true"), ("outputorder", "edgesfirst")]
        d.legend = [
            "Columns: the year of the first joint paper. Edge width: joint papers with \(net.name(author)).",
            "Box colour: joint papers (darker = more).",
        ]
        if inferred.values.contains(true) { d.legend.append("A year marked ? was inferred (the source gave no year).") }
        let years = Set(first.values).sorted()
        guard let y0 = years.first, let y1 = years.last else {
            var me = DrawNode(id: author, label: net.name(author), size: 0.3, fill: "#0072B2")
            me.shape = "box"
            d.nodes = [me]
            return d
        }
        // Year labels form the spine; ids beyond the node range.
        let base = net.graph.nodeCount + 1
        for y in y0...y1 {
            var label = DrawNode(id: base + (y - y0), label: String(y), size: 0.3, fill: "white")
            label.shape = "plaintext"
            label.fontSize = 16
            d.nodes.append(label)
        }
        var me = DrawNode(id: author, label: net.name(author), size: 0.4, fill: "#0072B2")
        me.shape = "box"
        me.fontSize = 14
        me.fontColor = "white"
        me.tooltip = "\(net.name(author)): \(net.paperCounts[author]) papers, \(joint.count) co-authors"
        d.nodes.append(me)
        d.sameRank.append((label: "author", nodes: [author, base]))
        let maxJoint = joint.values.max() ?? 1
        for y in y0...y1 {
            let column = first.filter { $0.value == y }.map(\.key).sorted { a, b in
                joint[a]! != joint[b]! ? joint[a]! > joint[b]! : net.name(a) < net.name(b)
            }
            var members = [base + (y - y0)]
            for v in column {
                let k = joint[v]!
                let shade = 0.25 + 0.75 * Double(k) / Double(maxJoint)
                var node = DrawNode(id: v, label: net.name(v) + (inferred[v] == true ? " (\(y)?)" : ""), size: 0.2, fill: Self.blend(shade))
                node.shape = "box"
                node.fontSize = 10
                node.fontColor = shade > 0.6 ? "white" : "black"
                node.tooltip = "\(net.name(v)): first joint paper \(y)\(inferred[v] == true ? " (year inferred)" : ""), \(k) joint paper\(k == 1 ? "" : "s")"
                d.nodes.append(node)
                members.append(v)
                var e = DrawEdge(u: author, v: v, width: 0.5 + 3.5 * Double(k) / Double(maxJoint))
                e.color = "#0072B266"
                e.constrains = false
                e.tooltip = node.tooltip
                d.edges.append(e)
            }
            if y > y0 {
                // Invisible spine edges keep the years in order.
                var spine = DrawEdge(u: base + (y - 1 - y0), v: base + (y - y0), width: 1)
                spine.invisible = true
                spine.layoutWeight = 10
                d.edges.append(spine)
            }
            d.sameRank.append((label: String(y), nodes: members))
        }
        return d
    }

    /// A blue from light (0) to the palette's dark blue (1).
    static func blend(_ t: Double) -> String {
        let light = (222.0, 235.0, 247.0), dark = (8.0, 81.0, 156.0)
        let r = Int(light.0 + (dark.0 - light.0) * t), g = Int(light.1 + (dark.1 - light.1) * t), b = Int(light.2 + (dark.2 - light.2) * t)
        return String(format: "#%02X%02X%02X", r, g, b)
    }
}
