package main

import "fmt"

// Cases are written as families: each function over values of every Go type a template meets
// (strings, ints, floats, bools, nil, missing keys, lists, maps, literals), so type handling is
// exercised as much as results.

var (
	strExprs  = []string{`"abc"`, `.s`, `.e`, `.unicode`, `.space`, `.multi`, `.i`, `.f`, `.n`, `.missing`, `.l`, `.b`}
	numExprs  = []string{`1`, `0`, `-3`, `.i`, `.z`, `.f`, `.nf`, `.big`, `"5"`, `.num`, `.numf`, `.hex`, `.oct`, `.notnum`, `1.5`, `1e6`, `2.0`, `.n`, `.b`}
	listExprs = []string{`.l`, `.li`, `.lf`, `.le`, `.lm`, `.ll`, `.s`, `.n`, `.m`, `(list 1 "a" 2.5)`, `.missing`}
	mapExprs  = []string{`.m`, `.me`, `.vars`, `.nested`, `.n`, `.l`, `(dict "k" "v")`, `.missing`}
	anyExprs  = []string{`"x"`, `""`, `.s`, `.e`, `0`, `.i`, `.z`, `.f`, `1.0`, `.b`, `.bf`, `.n`, `.missing`, `.l`, `.le`, `.m`, `.me`, `.nested.x`}
)

func tmpl(format string, args ...interface{}) Case {
	return Case{Template: fmt.Sprintf(format, args...)}
}

func each(format string, exprs []string) []Case {
	out := make([]Case, 0, len(exprs))
	for _, e := range exprs {
		out = append(out, tmpl(format, e))
	}
	return out
}

func plain(templates ...string) []Case {
	out := make([]Case, 0, len(templates))
	for _, t := range templates {
		out = append(out, Case{Template: t})
	}
	return out
}

func allCases() []Case {
	var cs []Case
	add := func(more ...[]Case) {
		for _, m := range more {
			cs = append(cs, m...)
		}
	}
	add(syntaxCases(), printingCases(), comparisonCases(), missingKeyCases())
	add(stringCases(), listCases(), dictCases(), mathCases(), encodingCases())
	add(regexCases(), semverCases(), dateCases(), miscCases(), atmosCases())
	return cs
}

func syntaxCases() []Case {
	return plain(
		`plain text`, `{{ .s }}`, `{{.s}}`, `a {{- .s -}} b`, `a  {{- .s }}  b`, `a  {{ .s -}}  b`,
		"a\n  {{- .s -}}\n  b", "{{- .s }}\n", `{{/* comment */}}x`, `x {{- /* c */ -}} y`,
		`{{ .nested.a.b.c }}`, `{{ .nested.list }}`, `{{ (index .nested.list 1).name }}`,
		`{{ $x := .i }}{{ $x }}`, `{{ $x := 1 }}{{ $x = 2 }}{{ $x }}`, `{{ $ }}`,
		`{{ if .b }}yes{{ else }}no{{ end }}`, `{{ if .bf }}yes{{ else if .i }}i{{ end }}`,
		`{{ if .n }}yes{{ else }}no{{ end }}`, `{{ if .le }}y{{ else }}n{{ end }}`, `{{ if .me }}y{{ else }}n{{ end }}`,
		`{{ with .vars }}{{ .stage }}{{ end }}`, `{{ with .missing }}x{{ else }}none{{ end }}`,
		`{{ range .l }}[{{ . }}]{{ end }}`, `{{ range $i, $v := .l }}{{ $i }}={{ $v }} {{ end }}`,
		`{{ range $k, $v := .m }}{{ $k }}:{{ $v }};{{ end }}`, `{{ range .le }}x{{ else }}empty{{ end }}`,
		`{{ range .n }}x{{ else }}nil{{ end }}`, `{{ range .s }}x{{ end }}`, `{{ range .i }}x{{ end }}`,
		`{{ range .li }}{{ if eq . 1 }}{{ break }}{{ end }}{{ . }}{{ end }}`,
		`{{ range .li }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ . }}{{ end }}`,
		`{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" .s }}`, `{{ template "nope" }}`,
		`{{ block "b" .i }}<{{ . }}>{{ end }}`, `{{ .s | printf "%s!" }}`, `{{ "a" | printf "%s%s" "b" }}`,
		`{{ (.s) }}`, `{{ ( print 1 2 ) }}`, `{{ .s.x }}`, `{{ .i.x }}`, `{{ .l.x }}`, `{{ .n.x }}`,
		`{{ .nested.x.y }}`, `{{ $.s }}`, `{{ .s 1 }}`, `{{ 1 2 }}`, `{{ nil }}`, `{{ $undefined }}`,
		`{{ if }}{{ end }}`, `{{ end }}`, `{{ .s `, `{{ "unterminated }}`, `{{ 'ab' }}`, `{{ 'a' }}`,
		`{{ "\u00e9\t" }}`, "{{ `raw\\n` }}", `{{ 0x1F }}`, `{{ 0o17 }}`, `{{ 0b101 }}`, `{{ 1_000 }}`, `{{ 017 }}`,
		`{{ -5 }}`, `{{ +5 }}`, `{{ 1e3 }}`, `{{ 1.0 }}`, `{{ .5 }}`, `{{ 1e21 }}`, `{{ 1e-7 }}`, `{{ 123456789.0 }}`,
		`{{ 9223372036854775807 }}`, `{{ 99999999999999999999 }}`, `{{ 1i }}`, `{{ true }}`, `{{ false }}`,
		`{{ and 1 0 }}`, `{{ and 1 2 }}`, `{{ or 0 "" }}`, `{{ or 0 "x" }}`, `{{ not 0 }}`, `{{ not .l }}`,
		`{{ and .b .s }}`, `{{ or .n .missing }}`, `{{ len .s }}`, `{{ len .unicode }}`, `{{ len .l }}`,
		`{{ len .m }}`, `{{ len .i }}`, `{{ len .n }}`, `{{ len .missing }}`,
		`{{ index .l 0 }}`, `{{ index .l 9 }}`, `{{ index .l -1 }}`, `{{ index .l 1.0 }}`, `{{ index .l .f }}`,
		`{{ index .l "0" }}`, `{{ index .m "a" }}`, `{{ index .m "zz" }}`, `{{ index .m 1 }}`, `{{ index .s 0 }}`,
		`{{ index .nested "a" "b" "c" }}`, `{{ index .ll 0 1 }}`, `{{ index .n 0 }}`, `{{ index .i 0 }}`, `{{ index .l }}`,
		`{{ call .s }}`, `{{ html .html }}`, `{{ js .html }}`, `{{ urlquery "a b&c" }}`, `{{ print .html | html }}`,
		`{{ print }}`, `{{ print 1 2 }}`, `{{ print "a" "b" }}`, `{{ print "a" 1 "b" }}`, `{{ println .s .i }}`,
		`{{ print .n }}`, `{{ print .missing }}`, `{{ print .m }}`, `{{ print .nested }}`,
	)
}

func printingCases() []Case {
	var cs []Case
	values := []string{`.s`, `.i`, `.neg`, `.f`, `.nf`, `.b`, `.n`, `.l`, `.li`, `.lf`, `.m`, `.lm`, `1e6`, `2.0`, `255`, `"é"`, `.missing`}
	verbs := []string{`%v`, `%d`, `%s`, `%q`, `%x`, `%.1f`, `%5.2f`, `%e`, `%g`, `%T`, `%+v`, `%05d`, `%-4s|`, `%t`}
	for _, v := range values {
		for _, verb := range verbs {
			cs = append(cs, tmpl(`{{ printf "%s" %s }}`, verb, v))
		}
	}
	cs = append(cs, plain(
		`{{ printf "%d %d" 1 }}`, `{{ printf "%d" 1 2 }}`, `{{ printf "%[2]d %[1]d" 1 2 }}`, `{{ printf "%*d" 5 1 }}`,
		`{{ printf "%%" }}`, `{{ printf "%z" 1 }}`, `{{ printf "%c" 65 }}`, `{{ printf "%U" 233 }}`, `{{ printf "%08.3f" .f }}`,
		`{{ printf "%x" "hi" }}`, `{{ printf "%X" 255 }}`, `{{ printf "%o" 8 }}`, `{{ printf "%b" 5 }}`, `{{ printf "%#x" 255 }}`,
		`{{ printf "%.2s" "abc" }}`, `{{ printf "%6.2f|%-6.2f|" 3.14159 3.14159 }}`, `{{ printf "%.0f %.0f" 2.5 3.5 }}`,
		`{{ printf "%v" .nested.x }}`, `{{ printf "%s" .n }}`, `{{ printf "%d" .missing }}`,
		`{{ 0.1 }}`, `{{ 100000000000000000000.0 }}`, `{{ 1e20 }}`, `{{ 0.000001 }}`, `{{ 0.0000001 }}`, `{{ -0.0 }}`,
	)...)
	return cs
}

func comparisonCases() []Case {
	var cs []Case
	vals := []string{`1`, `1.0`, `.i`, `.f`, `"a"`, `.s`, `.n`, `true`, `.l`, `.missing`, `3`}
	for _, op := range []string{"eq", "ne", "lt", "le", "gt", "ge"} {
		for _, a := range vals {
			for _, b := range []string{`1`, `1.0`, `"a"`, `.n`, `3`} {
				cs = append(cs, tmpl(`{{ %s %s %s }}`, op, a, b))
			}
		}
	}
	cs = append(cs, plain(`{{ eq 1 2 3 1 }}`, `{{ eq .s "x" "Hello World" }}`, `{{ eq 1 }}`, `{{ lt "a" "b" }}`,
		`{{ eq .m .m }}`, `{{ eq .l .l }}`, `{{ eq .vars.stage "dev" }}`, `{{ ne .vars.count 2 }}`)...)
	return cs
}

func missingKeyCases() []Case {
	var cs []Case
	for _, mk := range []string{"default", "zero", "error"} {
		for _, t := range []string{`{{ .missing }}`, `{{ .missing.x }}`, `{{ .nested.x }}`, `{{ .nested.x.y }}`,
			`{{ .nested.a.missing }}`, `{{ .vars.nope }}-x`, `{{ index .m "zz" }}`, `{{ .missing | default "d" }}`,
			`{{ printf "%v" .missing }}`, `{{ .m.zz | print }}`, `{{ if .missing }}y{{ else }}n{{ end }}`,
			`{{ with .missing }}y{{ end }}`, `{{ $x := .missing }}{{ $x }}`, `{{ list .missing }}`, `{{ toJson .missing }}`} {
			cs = append(cs, Case{Template: t, MissingKey: mk})
		}
		cs = append(cs, Case{Template: `{{ .x }}`, MissingKey: mk, Data: "empty"},
			Case{Template: `{{ .x }}`, MissingKey: mk, Data: "nil"},
			Case{Template: `{{ .x }}`, MissingKey: mk, Data: "list"},
			Case{Template: `{{ . }}`, MissingKey: mk, Data: "nil"},
			Case{Template: `{{ . }}`, MissingKey: mk, Data: "string"})
	}
	return cs
}

func stringCases() []Case {
	var cs []Case
	unary := []string{"upper", "lower", "title", "untitle", "trim", "nospace", "initials", "swapcase", "snakecase",
		"camelcase", "kebabcase", "quote", "squote", "toString", "b64enc", "b32enc", "sha1sum", "sha256sum",
		"adler32sum", "base", "dir", "clean", "ext", "isAbs", "regexQuoteMeta", "toStrings", "cat", "b64dec", "b32dec"}
	for _, f := range unary {
		cs = append(cs, each("{{ "+f+" %s }}", strExprs)...)
	}
	for _, f := range []string{"b64dec", "b32dec"} {
		cs = append(cs, tmpl(`{{ %s .b64 }}`, f), tmpl(`{{ %s .b32 }}`, f), tmpl(`{{ %s "!!" }}`, f))
	}
	for _, s := range []string{`"hello_world-foo bar"`, `"HTTPServer"`, `"my-var"`, `"AbcDEF ghi"`, `.camel`, `.snake`} {
		for _, f := range []string{"snakecase", "camelcase", "kebabcase", "title", "untitle", "initials", "swapcase"} {
			cs = append(cs, tmpl(`{{ %s %s }}`, f, s))
		}
	}
	ints := []string{`0`, `3`, `-2`, `20`, `.i`, `.f`, `1.5`, `"2"`, `1e1`, `.n`}
	for _, n := range ints {
		cs = append(cs, tmpl(`{{ trunc %s .s }}`, n), tmpl(`{{ abbrev %s .s }}`, n), tmpl(`{{ repeat %s "ab" }}`, n),
			tmpl(`{{ substr %s 5 .s }}`, n), tmpl(`{{ indent %s .multi }}`, n), tmpl(`{{ nindent %s "a" }}`, n),
			tmpl(`{{ wrap %s .s }}`, n))
	}
	cs = append(cs, plain(
		`{{ trunc 5 .unicode }}`, `{{ trunc -5 .s }}`, `{{ abbrevboth 2 8 "1234567890abc" }}`, `{{ substr 2 -1 .s }}`,
		`{{ substr 8 2 .s }}`, `{{ substr -1 3 .s }}`, `{{ wrapWith 5 "\n\t" .s }}`, `{{ .s | trunc 4 }}`,
		`{{ replace " " "-" .s }}`, `{{ replace "" "_" "abc" }}`, `{{ .s | replace "o" "0" }}`, `{{ trimAll "$" "$$5$" }}`,
		`{{ trimall "-" "--a--" }}`, `{{ trimPrefix "He" .s }}`, `{{ trimSuffix "ld" .s }}`, `{{ trimSuffix "" .s }}`,
		`{{ contains "World" .s }}`, `{{ hasPrefix "He" .s }}`, `{{ hasSuffix "x" .s }}`, `{{ contains 1 .s }}`,
		`{{ plural "one" "many" 1 }}`, `{{ plural "one" "many" 2 }}`, `{{ plural "one" "many" .f }}`,
		`{{ split "," .csv }}`, `{{ (split "," .csv)._1 }}`, `{{ splitList "," .csv }}`, `{{ splitn "," 2 .csv }}`,
		`{{ splitList "" "abc" }}`, `{{ join "-" .l }}`, `{{ join "-" .li }}`, `{{ join "-" .lm }}`, `{{ join "-" .s }}`,
		`{{ join "-" .n }}`, `{{ join 1 .l }}`, `{{ sortAlpha .l }}`, `{{ sortAlpha .li }}`, `{{ sortAlpha .s }}`,
		`{{ cat "a" 1 .n "b" .l }}`, `{{ cat }}`, `{{ quote "a" .n "b" 1 }}`, `{{ squote "a" 2.5 }}`, `{{ quote .html }}`,
		`{{ .s | upper | lower }}`, `{{ toString 1.5 }}`, `{{ toString .m }}`, `{{ toString .n }}`, `{{ toStrings .li }}`,
		`{{ toStrings .lm }}`, `{{ repeat 3 "-" }}`, `{{ indent 2 "a\nb" }}`, `{{ nindent 2 "a\nb" }}`, `{{ wrap 5 "aaaaaaaa bbb cc" }}`,
		`{{ initials "hello big World" }}`, `{{ title "hello wORLD-x_y" }}`, `{{ untitle "Hello World" }}`,
		`{{ osBase .path }}`, `{{ osDir .path }}`, `{{ osClean .rel }}`, `{{ osExt .path }}`, `{{ osIsAbs .path }}`,
		`{{ clean .rel }}`, `{{ dir "a" }}`, `{{ base "" }}`, `{{ ext "a.b.c" }}`, `{{ clean "" }}`,
		`{{ hello }}`, `{{ env "CORPUS_STAGE" }}`, `{{ env "CORPUS_EMPTY" }}`, `{{ env "CORPUS_UNSET_XYZ" }}`,
		`{{ expandenv "$CORPUS_STAGE-${CORPUS_PATH}/x" }}`, `{{ expandenv "a $CORPUS_UNSET_XYZ b $$ $1 ${} $" }}`,
		`{{ env 1 }}`, `{{ expandenv .n }}`, `{{ urlquery .s }}`,
	)...)
	return cs
}

func listCases() []Case {
	var cs []Case
	for _, f := range []string{"first", "last", "rest", "initial", "reverse", "uniq", "compact", "len", "toStrings",
		"mustFirst", "mustLast", "mustRest", "mustInitial", "mustReverse", "mustUniq", "mustCompact"} {
		cs = append(cs, each("{{ "+f+" %s }}", listExprs)...)
	}
	for _, l := range listExprs {
		cs = append(cs, tmpl(`{{ append %s "z" }}`, l), tmpl(`{{ prepend %s "z" }}`, l), tmpl(`{{ without %s "a" 1 }}`, l),
			tmpl(`{{ has "a" %s }}`, l), tmpl(`{{ has 1 %s }}`, l), tmpl(`{{ slice %s 1 }}`, l), tmpl(`{{ slice %s 1 2 }}`, l),
			tmpl(`{{ concat %s (list 9) }}`, l), tmpl(`{{ chunk 2 %s }}`, l), tmpl(`{{ mustAppend %s 1 }}`, l),
			tmpl(`{{ mustSlice %s 0 1 }}`, l), tmpl(`{{ mustHas 1 %s }}`, l), tmpl(`{{ mustWithout %s 1 }}`, l),
			tmpl(`{{ mustChunk 1 %s }}`, l), tmpl(`{{ mustPrepend %s 0 }}`, l))
	}
	cs = append(cs, plain(
		`{{ list }}`, `{{ list 1 "a" .n .missing }}`, `{{ tuple 1 2 }}`, `{{ list 1 2 | len }}`, `{{ slice .l 3 1 }}`,
		`{{ slice .l 9 }}`, `{{ slice .l -1 }}`, `{{ slice .l 1.0 }}`, `{{ slice .l "1" }}`, `{{ slice .s 1 3 }}`, `{{ slice .l }}`,
		`{{ concat .l .li .le }}`, `{{ concat }}`, `{{ concat .l .s }}`, `{{ chunk 0 .l }}`, `{{ chunk -1 .l }}`,
		`{{ until 5 }}`, `{{ until 0 }}`, `{{ until -3 }}`, `{{ untilStep 0 10 3 }}`, `{{ untilStep 10 0 -4 }}`,
		`{{ untilStep 0 10 0 }}`, `{{ until .i }}`, `{{ until .f }}`, `{{ until "3" }}`, `{{ seq 3 }}`, `{{ seq 2 5 }}`,
		`{{ seq 5 2 }}`, `{{ seq 0 2 10 }}`, `{{ seq 10 -3 1 }}`, `{{ seq }}`, `{{ seq 1 2 3 4 }}`, `{{ seq -2 }}`,
		`{{ range until 3 }}{{ . }}{{ end }}`, `{{ first .s }}`, `{{ reverse .s }}`, `{{ uniq (list 1 1 "1" 2.5 2.5) }}`,
		`{{ compact (list 0 "" .n false "x" 1) }}`, `{{ has .n (list .n) }}`, `{{ without .li 1 2 3 }}`,
		`{{ all 1 "a" true }}`, `{{ all 1 "" }}`, `{{ all }}`, `{{ any 0 "" .n }}`, `{{ any 0 "x" }}`, `{{ any }}`,
		`{{ sortAlpha (list "b" 10 "a" 2) }}`, `{{ first (list) }}`, `{{ last (list) }}`, `{{ rest (list) }}`,
	)...)
	return cs
}

func dictCases() []Case {
	var cs []Case
	for _, m := range mapExprs {
		cs = append(cs, tmpl(`{{ keys %s | sortAlpha }}`, m), tmpl(`{{ values %s | sortAlpha }}`, m), tmpl(`{{ hasKey %s "a" }}`, m),
			tmpl(`{{ get %s "a" }}`, m), tmpl(`{{ pick %s "a" "b" }}`, m), tmpl(`{{ omit %s "a" }}`, m),
			tmpl(`{{ set %s "z" 1 }}`, m), tmpl(`{{ unset %s "a" }}`, m), tmpl(`{{ merge %s (dict "a" 9 "q" 1) }}`, m),
			tmpl(`{{ mergeOverwrite %s (dict "a" 9 "q" 1) }}`, m), tmpl(`{{ deepCopy %s }}`, m), tmpl(`{{ dig "a" "x" %s }}`, m),
			tmpl(`{{ pluck "a" %s (dict "a" 2) }}`, m), tmpl(`{{ keys %s | sortAlpha | join "," }}`, m),
			tmpl(`{{ mustMerge (dict) %s }}`, m), tmpl(`{{ mustDeepCopy %s }}`, m))
	}
	cs = append(cs, plain(
		`{{ dict }}`, `{{ dict "a" 1 "b" }}`, `{{ dict 1 2 }}`, `{{ dict "a" .n }}`, `{{ dict "a" (dict "b" 1) }}`,
		`{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }}`, `{{ $d := dict "a" 1 }}{{ $_ := unset $d "a" }}{{ $d }}`,
		`{{ keys .m .vars | sortAlpha }}`, `{{ keys }}`, `{{ get .m "zz" }}`, `{{ get .m "d" }}`, `{{ hasKey .m 1 }}`,
		`{{ merge (dict "a" (dict "x" 1 "y" 2)) (dict "a" (dict "x" 9 "z" 3) "b" 1) }}`,
		`{{ mergeOverwrite (dict "a" (dict "x" 1 "y" 2)) (dict "a" (dict "x" 9 "z" 3) "b" 1) }}`,
		`{{ merge (dict "a" "") (dict "a" "x") }}`, `{{ mergeOverwrite (dict "a" "x") (dict "a" "") }}`,
		`{{ merge (dict "l" (list 1)) (dict "l" (list 2 3)) }}`, `{{ mergeOverwrite (dict "l" (list 1)) (dict "l" (list 2 3)) }}`,
		`{{ $a := dict "x" 1 }}{{ $_ := merge $a (dict "y" 2) }}{{ $a }}`, `{{ merge .m .n }}`, `{{ merge .m "x" }}`,
		`{{ dig "a" "b" "c" "none" .nested }}`, `{{ dig "a" "zz" "none" .nested }}`, `{{ dig "x" "none" .nested }}`,
		`{{ dig "none" .nested }}`, `{{ dig "a" "b" "c" "none" .l }}`, `{{ pick .vars "stage" "nope" }}`,
		`{{ omit .vars "stage" "region" "namespace" }}`, `{{ pluck "name" (index .nested.list 0) (index .nested.list 1) }}`,
		`{{ values .vars | len }}`, `{{ range $k, $v := dict "b" 1 "a" 2 }}{{ $k }}{{ $v }}{{ end }}`,
		`{{ (dict "a" 1).a }}`, `{{ (dict "a" 1).b }}`, `{{ get (dict) "" }}`,
	)...)
	return cs
}

func mathCases() []Case {
	var cs []Case
	for _, n := range numExprs {
		cs = append(cs, tmpl(`{{ add %s 1 }}`, n), tmpl(`{{ sub 10 %s }}`, n), tmpl(`{{ mul %s 2 }}`, n),
			tmpl(`{{ div 10 %s }}`, n), tmpl(`{{ mod 10 %s }}`, n), tmpl(`{{ add1 %s }}`, n), tmpl(`{{ int %s }}`, n),
			tmpl(`{{ int64 %s }}`, n), tmpl(`{{ float64 %s }}`, n), tmpl(`{{ max %s 2 }}`, n), tmpl(`{{ min %s 2 }}`, n),
			tmpl(`{{ ceil %s }}`, n), tmpl(`{{ floor %s }}`, n), tmpl(`{{ round %s 1 }}`, n), tmpl(`{{ addf %s 1 }}`, n),
			tmpl(`{{ subf %s 0.5 }}`, n), tmpl(`{{ mulf %s 3 }}`, n), tmpl(`{{ divf %s 4 }}`, n), tmpl(`{{ add1f %s }}`, n),
			tmpl(`{{ maxf %s 2 }}`, n), tmpl(`{{ minf %s 2 }}`, n), tmpl(`{{ toDecimal %s }}`, n))
	}
	cs = append(cs, plain(
		`{{ add }}`, `{{ add 1 2 3 4 }}`, `{{ mul 2 }}`, `{{ max 1 }}`, `{{ max 3 9 2 }}`, `{{ biggest 3 9 2 }}`, `{{ min 3 9 -2 }}`,
		`{{ maxf 1.5 9 2 }}`, `{{ minf 1.5 0.25 2 }}`, `{{ round 2.675 2 }}`, `{{ round 2.5 0 }}`, `{{ round -2.5 0 }}`,
		`{{ round 1.23456 3 0.4 }}`, `{{ round 123.456 -1 }}`, `{{ divf 1 3 }}`, `{{ divf 10 0 }}`, `{{ mulf 0.1 3 }}`,
		`{{ addf 0.1 0.2 }}`, `{{ subf 1 0.9 }}`, `{{ addf }}`, `{{ atoi "12" }}`, `{{ atoi "x" }}`, `{{ atoi "1.5" }}`,
		`{{ atoi .i }}`, `{{ float64 "1e3" }}`, `{{ float64 "abc" }}`, `{{ int "1e3" }}`, `{{ int "0b11" }}`,
		`{{ int64 "12.00" }}`, `{{ int "12.50" }}`, `{{ toDecimal "777" }}`, `{{ toDecimal "9" }}`, `{{ div 7 2 }}`,
		`{{ div -7 2 }}`, `{{ mod -7 2 }}`, `{{ div 1 0 }}`, `{{ mod 1 0 }}`, `{{ add 1.9 1.9 }}`, `{{ sub 1 2.5 }}`,
		`{{ mul 1.5 1.5 }}`, `{{ add 9007199254740993 0 }}`, `{{ ceil "2.1" }}`, `{{ floor -2.5 }}`, `{{ ceil 2 }}`,
		`{{ printf "%T" (add 1 2) }}`, `{{ printf "%T" (addf 1 2) }}`, `{{ printf "%T" (float64 1) }}`, `{{ printf "%T" (int 1.5) }}`,
		`{{ printf "%.2f" (divf 2 3) }}`, `{{ printf "%d" (add 1 2) }}`, `{{ printf "%d" (float64 2) }}`,
		`{{ lt (add 1 1) 3 }}`, `{{ eq (float64 2) 2.0 }}`, `{{ eq (float64 2) 2 }}`, `{{ lt 1 1.5 }}`, `{{ eq (int64 2) 2 }}`,
	)...)
	return cs
}

func encodingCases() []Case {
	var cs []Case
	for _, v := range anyExprs {
		cs = append(cs, tmpl(`{{ toJson %s }}`, v), tmpl(`{{ toPrettyJson %s }}`, v), tmpl(`{{ toRawJson %s }}`, v),
			tmpl(`{{ mustToJson %s }}`, v), tmpl(`{{ empty %s }}`, v), tmpl(`{{ default "d" %s }}`, v),
			tmpl(`{{ ternary "y" "n" %s }}`, v), tmpl(`{{ typeOf %s }}`, v), tmpl(`{{ kindOf %s }}`, v),
			tmpl(`{{ kindIs "string" %s }}`, v), tmpl(`{{ typeIs "int" %s }}`, v), tmpl(`{{ typeIsLike "float64" %s }}`, v),
			tmpl(`{{ coalesce .n %s "z" }}`, v), tmpl(`{{ deepEqual %s %s }}`, v, v))
	}
	cs = append(cs, plain(
		`{{ fromJson .json }}`, `{{ (fromJson .json).a }}`, `{{ (fromJson .json).b }}`, `{{ fromJson .jarr }}`,
		`{{ fromJson "1" }}`, `{{ fromJson "1.5" }}`, `{{ fromJson "\"s\"" }}`, `{{ fromJson "null" }}`, `{{ fromJson "{bad" }}`,
		`{{ fromJson "" }}`, `{{ mustFromJson "{bad" }}`, `{{ mustFromJson .json | toJson }}`, `{{ fromJson .json | toJson }}`,
		`{{ printf "%T" (fromJson "1") }}`, `{{ (fromJson "{\"n\":2}").n | printf "%v" }}`, `{{ add1 (fromJson "{\"n\":2}").n }}`,
		`{{ toJson .html }}`, `{{ toRawJson .html }}`, `{{ toPrettyJson (dict "a" (list 1 (dict)) "b" (list)) }}`,
		`{{ toJson (dict "u" "é\u2028") }}`, `{{ toJson 1e6 }}`, `{{ toJson 1e21 }}`, `{{ toJson 0.0000001 }}`,
		`{{ toJson (list .f .nf) }}`, `{{ toJson .unicode }}`, `{{ default "d" }}`, `{{ default }}`, `{{ "v" | default "d" }}`,
		`{{ empty (dict) }}`, `{{ empty (list 0) }}`, `{{ ternary 1 2 .s }}`, `{{ coalesce }}`, `{{ coalesce 0 "" .n }}`,
		`{{ typeOf (list) }}`, `{{ typeOf (dict) }}`, `{{ typeOf (splitList "," "a") }}`, `{{ kindOf (list) }}`,
		`{{ kindOf (dict) }}`, `{{ kindOf 1.5 }}`, `{{ typeOf 1e6 }}`, `{{ deepEqual .l .l }}`, `{{ deepEqual (list 1) (list 1.0) }}`,
		`{{ deepEqual .m (dict "a" 1) }}`, `{{ required "need it" .s }}`, `{{ required "need it" .e }}`,
		`{{ required "need it" .n }}`, `{{ required "need it" .missing }}`, `{{ required "need it" 0 }}`,
		`{{ fail "stop here" }}`, `{{ urlParse .url }}`, `{{ (urlParse .url).host }}`, `{{ (urlParse "x y:/") }}`,
		`{{ urlJoin (dict "scheme" "https" "host" "h.example" "path" "/p" "query" "a=1") }}`, `{{ urlJoin .me }}`,
		`{{ b64enc "hello world" }}`, `{{ b64dec "!!!" }}`, `{{ b32enc "hello" }}`, `{{ b64enc .unicode | b64dec }}`,
	)...)
	return cs
}

func regexCases() []Case {
	var cs []Case
	patterns := []string{`"[a-z]+"`, `"^H"`, `"o"`, `"(\\w+) (\\w+)"`, `"x*"`, `"[[:upper:]]"`, `"\\d+"`, `"(?i)hello"`, `"["`}
	for _, p := range patterns {
		cs = append(cs, tmpl(`{{ regexMatch %s .s }}`, p), tmpl(`{{ regexFind %s .s }}`, p), tmpl(`{{ regexFindAll %s .s -1 }}`, p),
			tmpl(`{{ regexFindAll %s .s 1 }}`, p), tmpl(`{{ regexReplaceAll %s .s "<$0>" }}`, p),
			tmpl(`{{ regexReplaceAllLiteral %s .s "<$0>" }}`, p), tmpl(`{{ regexSplit %s .s -1 }}`, p),
			tmpl(`{{ regexSplit %s .s 2 }}`, p), tmpl(`{{ mustRegexMatch %s .s }}`, p))
	}
	cs = append(cs, plain(
		`{{ regexReplaceAll "(\\w+) (\\w+)" .s "$2 $1" }}`, `{{ regexReplaceAll "(?P<first>\\w+) \\w+" .s "${first}!" }}`,
		`{{ regexReplaceAll "l" .s "$1x" }}`, `{{ regexReplaceAll "(l)" .s "${1}x" }}`, `{{ regexReplaceAll "(l)" .s "$1x" }}`,
		`{{ regexReplaceAll "a" "banana" "$$" }}`, `{{ regexFindAll "a" "banana" 0 }}`, `{{ regexFindAll "a" "banana" 2 }}`,
		`{{ regexSplit "a" "banana" 0 }}`, `{{ regexSplit "" "abc" -1 }}`, `{{ regexQuoteMeta "a.b*c" }}`,
		`{{ regexMatch "^[a-z0-9-]+$" .vars.region }}`, `{{ regexFind "[0-9]+" .vars.region }}`, `{{ regexMatch 1 .s }}`,
		`{{ regexReplaceAll "[aeiou]" .unicode "_" }}`, `{{ regexFindAll "." .unicode 3 }}`, `{{ mustRegexFind "[" "x" }}`,
	)...)
	return cs
}

func semverCases() []Case {
	var cs []Case
	versions := []string{`"1.2.3"`, `"1.3.0"`, `"2.0.0"`, `"1.2.3-beta.1"`, `"v1.2"`, `"0.9.1"`, `"1.2.3+build.5"`, `.ver`, `"bad"`}
	constraints := []string{`"^1.2"`, `"~1.2.3"`, `">= 1.2.0, < 2"`, `"1.2.x"`, `"=1.2.3"`, `"!=1.2.3"`, `"> 1.0 || < 0.5"`,
		`">=1.2.3-0"`, `"*"`, `"1.2.3 - 1.4"`, `"nope"`}
	for _, c := range constraints {
		for _, v := range versions {
			cs = append(cs, tmpl(`{{ semverCompare %s %s }}`, c, v))
		}
	}
	for _, v := range versions {
		cs = append(cs, tmpl(`{{ (semver %s).Major }}.{{ (semver %s).Minor }}.{{ (semver %s).Patch }}`, v, v, v),
			tmpl(`{{ (semver %s).Prerelease }}|{{ (semver %s).Metadata }}|{{ (semver %s).Original }}`, v, v, v),
			tmpl(`{{ semver %s }}`, v))
	}
	cs = append(cs, plain(`{{ (semver "1.2.3").Compare (semver "1.3.0") }}`, `{{ (semver .pre).LessThan (semver .ver) }}`,
		`{{ (semver "1.2.3").GreaterThan (semver "1.2.2") }}`)...)
	return cs
}

func dateCases() []Case {
	var cs []Case
	layouts := []string{`"2006-01-02"`, `"2006-01-02T15:04:05Z07:00"`, `"Mon Jan 2 15:04:05 MST 2006"`, `"02/01/06 3:04PM"`,
		`"Jan _2 2006 .000"`, `"January Monday 15h"`, `"20060102150405"`, `"2006-01-02 15:04:05.999999999 -0700 MST"`}
	for _, l := range layouts {
		cs = append(cs, tmpl(`{{ toDate "2006-01-02 15:04:05" .date | date %s }}`, l),
			tmpl(`{{ dateInZone %s (toDate "2006-01-02 15:04:05" .date) "America/New_York" }}`, l),
			tmpl(`{{ date %s .epoch }}`, l))
	}
	cs = append(cs, plain(
		`{{ toDate "2006-01-02" "2024-02-30" }}`, `{{ toDate "2006-01-02" "2024-02-28" }}`, `{{ mustToDate "2006-01-02" "x" }}`,
		`{{ toDate "2006-01-02" "2024-02-28" | unixEpoch }}`, `{{ dateInZone "15:04 MST" (toDate "2006-01-02" "2024-07-01") "Europe/Paris" }}`,
		`{{ dateInZone "15:04" .epoch "UTC" }}`, `{{ dateInZone "15:04" .epoch "Nowhere/Zone" }}`, `{{ htmlDate .epoch }}`,
		`{{ htmlDateInZone .epoch "Asia/Tokyo" }}`, `{{ date "2006" "not a date" }}`, `{{ date "2006" .f }}`,
		`{{ toDate "2006-01-02" "2024-02-28" | dateModify "+1h30m" | date "2006-01-02 15:04" }}`,
		`{{ toDate "2006-01-02" "2024-02-28" | dateModify "-48h" | date "2006-01-02" }}`,
		`{{ toDate "2006-01-02" "2024-02-28" | dateModify "bogus" | date "2006-01-02" }}`,
		`{{ duration 95 }}`, `{{ duration "3600" }}`, `{{ duration 0 }}`, `{{ duration .f }}`, `{{ duration 86400 }}`,
		`{{ durationRound "2h10m5s" }}`, `{{ durationRound 3601 }}`, `{{ durationRound "400h" }}`, `{{ durationRound "x" }}`,
		`{{ durationRound "-90s" }}`, `{{ durationRound "12h" }}`, `{{ durationRound "800h" }}`, `{{ durationRound "9000h" }}`,
	)...)
	return cs
}

func miscCases() []Case {
	return plain(
		`{{ sha256sum "" }}`, `{{ sha1sum "abc" }}`, `{{ adler32sum "Wikipedia" }}`, `{{ sha256sum .unicode }}`,
		`{{ len (uuidv4) }}`, `{{ $x := list 1 2 }}{{ $y := append $x 3 }}{{ $x }} {{ $y }}`,
		`{{ range $i, $e := until 3 }}{{ if $i }},{{ end }}{{ $e }}{{ end }}`,
		`{{ range $k, $v := .vars }}{{ $k }}={{ $v }} {{ end }}`, `{{ .vars | keys | sortAlpha | join "," }}`,
		`{{ printf "%s-%s" .vars.namespace .vars.stage | upper }}`, `{{ list .vars.stage .vars.region | join "-" }}`,
		`{{ ternary "prod" "nonprod" (eq .vars.stage "prod") }}`, `{{ .vars.count | add 1 }}`, `{{ if gt .vars.count 1 }}many{{ end }}`,
		`{{ if gt .vars.count 1.5 }}many{{ end }}`, `{{ index .settings.tags "Owner" }}`, `{{ .settings.tags | toJson }}`,
		`{{ dict "a" .vars.stage | toYaml }}`, `{{ getHostByName "localhost" }}`,
	)
}

func atmosCases() []Case {
	var cs []Case
	for _, t := range []string{
		`{{ .vars.namespace }}-{{ .vars.tenant }}-{{ .vars.environment }}-{{ .vars.stage }}`,
		`{{- .vars.namespace -}}-{{- .vars.stage -}}`, `{{ .atmos_component }}/{{ .atmos_stack }}`,
		`/aws/ecs/{{ .vars.namespace }}-{{ .vars.name }}`, `{{ .settings.config.retention_days }}`,
		`{{ .settings.config.ratio }}`, `{{ .settings.spacelift.workspace_enabled }}`, `{{ .settings }}`,
		`{{ .vars.missing }}`, `{{ .vars.name.deeper }}`, `{{ .locals.prefix }}-{{ .vars.name }}`,
		`{{ printf "%s-%s" .vars.namespace .vars.name | lower | trunc 20 }}`, `{{ .settings.config.retention_days | mul 2 }}`,
		`{{ mul .settings.config.ratio 100 }}`, `{{ mulf .settings.config.ratio 100 }}`, `{{ printf "%.0f%%" (mulf .settings.config.ratio 100) }}`,
		`{{ .vars | toJson }}`, `{{ .vars.stage | quote }}`, `{{ coalesce .vars.missing .vars.stage }}`,
		`{{ if eq .vars.stage "prod" }}/prod{{ else }}/other{{ end }}`, `{{ env "CORPUS_STAGE" | default .vars.stage }}`,
	} {
		cs = append(cs, Case{Template: t, Data: "stack"}, Case{Template: t, Data: "stack", MissingKey: "error"})
	}
	return cs
}
