import Bibliography
import CollaborationGraph
import Foundation
import Rendering

/// An author's collaboration timeline as a diagram: a column for each year in
/// which the author gained co-authors, from left to right; each co-author
/// stacked in the column of their first joint paper (most joint papers first);
/// the author on the left; the edge to each co-author as wide as their joint
/// papers. Positions are computed here and pinned, so the grid stays a grid
/// however many co-authors there are; Graphviz routes the edges and renders.
public enum TimelineDiagram {
    /// Vertical distance between stacked co-authors, inches.
    static let rowHeight = 0.4
    /// Approximate width of one character at the label size, inches.
    static let charWidth = 0.075

    /// The drawing for node `author` of `net`.
    public static func drawing(_ net: Network, author: Int, title: String? = nil) -> Drawing {
        let c = net.corpus
        let pid = PersonID(UInt32(net.person[author]))
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
        d.layout = "neato"
        d.title = title ?? "Collaboration timeline of \(net.name(author)): \(joint.count) co-authors"
        d.graphAttributes = [("splines", "true"), ("overlap", "true"), ("outputorder", "edgesfirst"), ("fontsize", "14")]
        d.legend = [
            "Columns: the year of the first joint paper (years without a new co-author are left out).",
            "Edge width and box colour: joint papers with \(net.name(author)) (darker = more).",
        ]
        if inferred.values.contains(true) { d.legend.append("A year marked ? was inferred (the source gave no year).") }
        var me = DrawNode(id: author, label: net.name(author), size: 0.4, fill: "#0072B2")
        me.shape = "box"
        me.fontSize = 14
        me.fontColor = "white"
        me.tooltip = "\(net.name(author)): \(net.paperCounts[author]) papers, \(joint.count) co-authors"
        let years = Set(first.values).sorted()
        let columns = years.map { y in
            first.filter { $0.value == y }.map(\.key).sorted { a, b in joint[a]! != joint[b]! ? joint[a]! > joint[b]! : net.name(a) < net.name(b) }
        }
        let tallest = columns.map(\.count).max() ?? 0
        let height = Double(max(tallest, 1)) * rowHeight
        let authorWidth = Double(net.name(author).count) * charWidth * 1.4 + 0.4
        me.position = (0, height / 2)
        d.nodes.append(me)
        let maxJoint = joint.values.max() ?? 1
        var x = authorWidth / 2 + 0.9
        let base = net.graph.nodeCount + 1
        for (k, y) in years.enumerated() {
            let column = columns[k]
            let width = (column.map { Double(label(net, $0, inferred[$0] == true, y).count) * charWidth + 0.3 }.max() ?? 0.6)
            let cx = x + width / 2
            var yearLabel = DrawNode(id: base + k, label: String(y), size: 0.3, fill: "white")
            yearLabel.shape = "plaintext"
            yearLabel.fontSize = 14
            yearLabel.position = (cx, height + 0.45)
            d.nodes.append(yearLabel)
            for (i, v) in column.enumerated() {
                let n = joint[v]!
                let shade = 0.25 + 0.75 * Double(n) / Double(maxJoint)
                var node = DrawNode(id: v, label: label(net, v, inferred[v] == true, y), size: 0.3, fill: blend(shade))
                node.shape = "box"
                node.fontSize = 10
                node.fontColor = shade > 0.6 ? "white" : "black"
                node.position = (cx, height - rowHeight / 2 - Double(i) * rowHeight)
                node.tooltip = "\(net.name(v)): first joint paper \(y)\(inferred[v] == true ? " (year inferred)" : ""), \(n) joint paper\(n == 1 ? "" : "s")"
                d.nodes.append(node)
                var e = DrawEdge(u: author, v: v, width: 0.5 + 3.5 * Double(n) / Double(maxJoint))
                e.color = "#0072B255"
                e.tooltip = node.tooltip
                d.edges.append(e)
            }
            x += width + 0.35
        }
        return d
    }

    static func label(_ net: Network, _ v: Int, _ inferred: Bool, _ year: Int) -> String {
        net.name(v) + (inferred ? " (\(year)?)" : "")
    }

    /// A blue from light (0) to the palette's dark blue (1).
    static func blend(_ t: Double) -> String {
        let light = (222.0, 235.0, 247.0), dark = (8.0, 81.0, 156.0)
        let r = Int(light.0 + (dark.0 - light.0) * t), g = Int(light.1 + (dark.1 - light.1) * t), b = Int(light.2 + (dark.2 - light.2) * t)
        return String(format: "#%02X%02X%02X", r, g, b)
    }
}
