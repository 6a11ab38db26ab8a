import Foundation

/// Converts LaTeX markup as found in BibTeX fields to Unicode text.
///
/// Handles accent commands in every common spelling (`{\'e}`, `\'{e}`, `\'e`,
/// `{\"o}`, `\v{s}`, `\c{c}`, `\u{g}`, `\~n`, `{\'\i}`), the foreign letters
/// (`\o`, `\O`, `\ss`, `\aa`, `\AA`, `\ae`, `\oe`, `\l`, `\L`, `\i`, `\j`, …),
/// escaped specials (`\&`, `\%`, `\_`, `\$`, `\#`), font and text commands whose
/// argument is kept (`\textit{x}`, `\emph{x}`, `{\bf x}`), ties, dashes and TeX
/// quotes. Stray braces are removed; the result is NFC-normalized.
///
/// - Complexity: O(n) in the length of the input.
public enum LaTeX {
    /// Returns `text` with LaTeX markup turned into Unicode.
    public static func toUnicode(_ text: String) -> String {
        // Fast path: nothing TeX-like at all (a lone - or ' stands for itself).
        if !needsConversion(text) { return text }
        var converter = _Converter(Array(text.unicodeScalars))
        let out = converter.run()
        // Accent commands leave base letter + combining mark: compose them (NFC).
        return converter.insertedMarks ? out.precomposedStringWithCanonicalMapping : out
    }

    /// True when `text` holds TeX markup: a backslash, a brace, a tie, math shift,
    /// or one of the ligatures --, ``, ''.
    static func needsConversion(_ text: String) -> Bool {
        text.withBytes { p in  // contiguous bytes: much faster than the UTF-8 view
            // Eight bytes at a time (``ByteCount``): a word with a special byte answers at once; a
            // word with none of the doubled characters needs no look at its bytes.
            var prev: UInt8 = 0
            var i = 0
            if let base = p.baseAddress {
                let raw = UnsafeRawPointer(base)
                while i + 8 <= p.count {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if ByteCount.equal(w, 0x5C) | ByteCount.equal(w, 0x7B) | ByteCount.equal(w, 0x7D) | ByteCount.equal(w, 0x7E)
                        | ByteCount.equal(w, 0x24) != 0 { return true }
                    if ByteCount.equal(w, 0x2D) | ByteCount.equal(w, 0x60) | ByteCount.equal(w, 0x27) != 0 {
                        for k in i..<(i + 8) {
                            if isMarkup(p[k], after: prev) { return true }
                            prev = p[k]
                        }
                    }
                    prev = p[i + 7]
                    i += 8
                }
            }
            while i < p.count {
                if isMarkup(p[i], after: prev) { return true }
                prev = p[i]
                i += 1
            }
            return false
        }
    }

    /// Whether byte `b`, after `prev`, makes TeX markup: a backslash, { } ~ $, or the second of --, ``, ''.
    @inline(__always)
    private static func isMarkup(_ b: UInt8, after prev: UInt8) -> Bool {
        switch b {
        case 0x5C, 0x7B, 0x7D, 0x7E, 0x24: return true
        case 0x2D, 0x60, 0x27: return b == prev
        default: return false
        }
    }

    /// ``needsConversion(_:)`` byte by byte: the reference for tests.
    static func _needsConversionByBytes(_ text: String) -> Bool {
        text.withBytes { p in
            var prev: UInt8 = 0
            for b in p {
                if isMarkup(b, after: prev) { return true }
                prev = b
            }
            return false
        }
    }

    /// Combining marks for the accent commands: `\'` acute, `\v` caron, ….
    static let accents: [String: Unicode.Scalar] = [
        "'": "\u{0301}", "`": "\u{0300}", "^": "\u{0302}", "\"": "\u{0308}", "~": "\u{0303}",
        "=": "\u{0304}", ".": "\u{0307}", "u": "\u{0306}", "v": "\u{030C}", "H": "\u{030B}",
        "c": "\u{0327}", "d": "\u{0323}", "b": "\u{0331}", "k": "\u{0328}", "r": "\u{030A}",
        "t": "\u{0361}",
    ]

    /// Letters written as a command: `\o` is ø, `\ss` is ß.
    static let letters: [String: String] = [
        "o": "ø", "O": "Ø", "ss": "ß", "SS": "SS", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
        "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
        "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
        "copyright": "©", "textregistered": "®", "texttrademark": "™", "pounds": "£", "euro": "€",
        "textendash": "–", "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘",
        "textquotedblleft": "“", "textquotedblright": "”", "ldots": "…", "dots": "…", "textellipsis": "…",
        "S": "§", "P": "¶", "dag": "†", "ddag": "‡", "textbackslash": "\\", "textasciitilde": "~",
        "textunderscore": "_", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "textbar": "|",
        "textless": "<", "textgreater": ">", "textdegree": "°", "alpha": "α", "beta": "β", "gamma": "γ",
        "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι",
        "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
        "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
        "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "times": "×", "infty": "∞", "pm": "±", "leq": "≤", "geq": "≥",
        "le": "≤", "ge": "≥", "neq": "≠", "approx": "≈", "cdot": "·", "to": "→", "rightarrow": "→",
    ]

    /// Commands that print nothing by themselves and whose argument (if any) is kept.
    static let transparent: Set<String> = [
        "textit", "textbf", "textsc", "textrm", "textsf", "texttt", "textup", "textsl", "emph", "em", "it", "bf",
        "sc", "rm", "sf", "tt", "sl", "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathcal", "mathbb",
        "mbox", "hbox", "text", "textnormal", "uppercase", "lowercase", "MakeUppercase", "MakeLowercase",
        "relax", "protect", "noopsort", "bgroup", "egroup", "url", "href", "small", "large", "Large", "normalsize",
        "footnotesize", "scriptsize", "tiny", "huge", "Huge", "ensuremath", "hspace", "vspace", "nolinkurl",
        "selectlanguage", "foreignlanguage", "textsuperscript", "textsubscript", "boldsymbol", "operatorname",
    ]

    /// Commands whose first argument is dropped (they take options, not text).
    static let dropFirstArgument: Set<String> = ["hspace", "vspace", "selectlanguage", "noopsort"]
}

/// A single-pass converter over Unicode scalars.
struct _Converter {
    let s: [Unicode.Scalar]
    var i = 0
    var out = String.UnicodeScalarView()
    /// True once an accent command added a combining mark (the result then needs NFC).
    var insertedMarks = false
    /// Nesting of command arguments converted recursively; past ``_Converter/maxDepth`` they are kept as text.
    var depth = 0
    static let maxDepth = 64

    init(_ s: [Unicode.Scalar], depth: Int = 0) {
        self.s = s
        self.depth = depth
    }

    mutating func run() -> String {
        while i < s.count {
            step()
        }
        return String(out)
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
    }

    /// Reads one argument: a braced group (converted recursively), a control word, or one scalar.
    private mutating func readArgument() -> String {
        while let c = peek(), c == " " { i += 1 }
        guard let c = peek() else { return "" }
        if c == "{" {
            // Find the matching brace.
            var level = 0
            var j = i
            while j < s.count {
                if s[j] == "\\" { j += 2; continue }
                if s[j] == "{" { level += 1 }
                if s[j] == "}" { level -= 1; if level == 0 { break } }
                j += 1
            }
            let inner = Array(s[(i + 1)..<min(j, s.count)])
            i = min(j + 1, s.count)
            if depth >= _Converter.maxDepth { return String(String.UnicodeScalarView(inner.filter { $0 != "{" && $0 != "}" && $0 != "\\" })) }
            var sub = _Converter(inner, depth: depth + 1)
            let r = sub.run()
            if sub.insertedMarks { insertedMarks = true }
            return r
        }
        if c == "\\" {
            // A control word or symbol as argument, e.g. \'\i.
            var sub = _Converter([])
            let start = i
            i += 1
            if let d = peek(), Self.isLetter(d) {
                while let d = peek(), Self.isLetter(d) { i += 1 }
            } else if peek() != nil {
                i += 1  // a control symbol; a backslash that ends the text has nothing after it
            }
            sub = _Converter(Array(s[start..<i]), depth: depth + 1)
            if depth >= _Converter.maxDepth { return "" }
            let r = sub.run()
            if sub.insertedMarks { insertedMarks = true }
            return r
        }
        i += 1
        return String(c)
    }

    private mutating func step() {
        let c = s[i]
        switch c {
        case "\\":
            command()
        case "{", "}":
            i += 1  // grouping braces vanish
        case "~":
            out.append("\u{00A0}"); i += 1
        case "$":
            i += 1  // math shift: keep the content, drop the delimiters
        case "-":
            if peek(1) == "-" && peek(2) == "-" { out.append("—"); i += 3 }
            else if peek(1) == "-" { out.append("–"); i += 2 }
            else { out.append("-"); i += 1 }
        case "`":
            if peek(1) == "`" { out.append("“"); i += 2 } else { out.append("‘"); i += 1 }
        case "'":
            if peek(1) == "'" { out.append("”"); i += 2 } else { out.append("'"); i += 1 }
        default:
            out.append(c); i += 1
        }
    }

    private mutating func command() {
        i += 1  // the backslash
        guard let c = peek() else { return }  // a lone backslash at the end (a control space): nothing to show
        // Control symbol accents: \' \` \^ \" \~ \= \.
        let name: String
        if Self.isLetter(c) {
            var n = String.UnicodeScalarView()
            while let d = peek(), Self.isLetter(d) { n.append(d); i += 1 }
            name = String(n)
        } else {
            i += 1
            name = String(c)
        }
        if let mark = LaTeX.accents[name], name.count == 1 {
            // For letter accents (\v, \u, \c, …) a space separates the command from a bare argument.
            var arg = readArgument()
            if arg == "ı" { arg = "i" }
            if arg == "ȷ" { arg = "j" }
            if arg.isEmpty {
                out.append(contentsOf: String(mark).unicodeScalars)
                insertedMarks = true
                return
            }
            var scalars = Array(arg.unicodeScalars)
            scalars.insert(mark, at: 1)
            out.append(contentsOf: scalars)
            insertedMarks = true
            return
        }
        if Self.isLetter(c) {
            // Skip the space that ends a control word.
            if let l = LaTeX.letters[name] {
                if peek() == " " { i += 1 }
                // `{}` after a control word is a separator: `\ss{}`.
                if peek() == "{" && peek(1) == "}" { i += 2 }
                out.append(contentsOf: l.unicodeScalars)
                return
            }
            if LaTeX.dropFirstArgument.contains(name) {
                _ = readArgument()
                return
            }
            if LaTeX.transparent.contains(name) {
                if peek() == " " { i += 1 }
                return  // the argument, if braced, is converted by the main loop
            }
            // Unknown control word: drop it, keep what follows.
            if peek() == " " { i += 1 }
            return
        }
        switch name {
        case "&", "%", "_", "$", "#", "{", "}": out.append(contentsOf: name.unicodeScalars)
        case " ", "\n", "\t": out.append(" ")
        case "\\": out.append(" ")
        case "-", "/", ",", ";", "!", ":", "@": if name == "," || name == ";" { out.append(" ") }
        default: out.append(contentsOf: name.unicodeScalars)
        }
    }
}
