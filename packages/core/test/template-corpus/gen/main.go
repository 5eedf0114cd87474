// Command gen renders the template corpus through Go's own text/template and Sprig and writes
// ../testdata/corpus.json: every case's template, data set and options with Go's output or error. The
// TypeScript engine is checked against that file (template-corpus.test.ts), so CI needs no Go.
// See ../README.md for how to run it.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
)

// Case is one template rendered over one named data set.
type Case struct {
	Template   string  `json:"template"`
	Data       string  `json:"data"`
	MissingKey string  `json:"missingkey,omitempty"`
	Output     *string `json:"output,omitempty"`
	Error      *string `json:"error,omitempty"`
}

// Corpus is the file the generator writes.
type Corpus struct {
	Generator string                     `json:"generator"`
	Env       map[string]string          `json:"env"`
	Data      map[string]json.RawMessage `json:"data"`
	Cases     []Case                     `json:"cases"`
}

// env is set for the run so env and expandenv have fixed answers; the test hands the same map.
var env = map[string]string{
	"CORPUS_STAGE": "dev",
	"CORPUS_EMPTY": "",
	"CORPUS_PATH":  "/opt/corpus",
	"TZ":           "UTC",
}

// Data sets as JSON: integers stay int and numbers with a point or exponent become float64, as
// YAML gives them to atmos.
var dataSets = map[string]string{
	"main": `{
  "s": "Hello World", "e": "", "i": 3, "z": 0, "neg": -7, "big": 1234567, "f": 2.5, "nf": -0.25,
  "b": true, "bf": false, "n": null,
  "l": ["b", "a", "c", "a"], "li": [3, 1, 2], "lf": [1.5, 0.5], "le": [], "lm": [1, "x", true, null],
  "ll": [["a", "b"], ["c"]],
  "m": {"a": 1, "b": "two", "c": [1, 2], "d": {"x": "y"}}, "me": {},
  "nested": {"a": {"b": {"c": "deep"}}, "x": null, "list": [{"name": "n1"}, {"name": "n2"}]},
  "vars": {"stage": "dev", "region": "us-east-2", "namespace": "acme", "tenant": "plat", "enabled": true, "count": 2},
  "settings": {"context": {"team": "core"}, "tags": {"Owner": "ops", "CostCenter": "42"}},
  "ver": "1.2.3", "pre": "2.0.0-rc.1", "path": "/a/b/c.txt", "rel": "a/../b/./c/",
  "json": "{\"a\":1,\"b\":[1,2],\"c\":{\"d\":null}}", "jarr": "[1,\"two\",3.5]",
  "url": "https://user:pw@example.com:8080/p/q?x=1&y=2#frag",
  "date": "2024-03-05 10:20:30", "epoch": 1700000000,
  "multi": "line1\nline2\n\nline4", "unicode": "héllo wörld ñ", "space": "  padded \t",
  "camel": "myVarName", "snake": "my_var_name", "csv": "a,b,,c", "html": "<a href=\"x\">&</a>",
  "num": "42", "numf": "3.75", "hex": "0x1F", "oct": "017", "neg1": "-1", "notnum": "abc",
  "b64": "aGVsbG8gd29ybGQ=", "b32": "NBSWY3DP"
}`,
	"empty":  `{}`,
	"nil":    `null`,
	"list":   `[1, 2, 3]`,
	"string": `"just a string"`,
	"stack": `{
  "vars": {"namespace": "acme", "tenant": "plat", "environment": "ue2", "stage": "prod", "name": "api"},
  "settings": {"spacelift": {"workspace_enabled": true}, "config": {"retention_days": 30, "ratio": 0.75}},
  "atmos_component": "api", "atmos_stack": "plat-ue2-prod", "component": "ecs-service",
  "locals": {"prefix": "acme-plat"}
}`,
}

func decode(raw string) interface{} {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v interface{}
	if err := dec.Decode(&v); err != nil {
		panic(err)
	}
	return numbers(v)
}

func numbers(v interface{}) interface{} {
	switch t := v.(type) {
	case json.Number:
		if strings.ContainsAny(string(t), ".eE") {
			f, _ := t.Float64()
			return f
		}
		i, _ := t.Int64()
		return int(i)
	case []interface{}:
		for i := range t {
			t[i] = numbers(t[i])
		}
	case map[string]interface{}:
		for k := range t {
			t[k] = numbers(t[k])
		}
	}
	return v
}

// funcs is Sprig's hermetic map plus the environment and date functions of the full map (atmos
// versions before the hermetic map had them, and the TypeScript engine keeps them).
func funcs() template.FuncMap {
	f := sprig.HermeticTxtFuncMap()
	full := sprig.TxtFuncMap()
	for _, name := range []string{"env", "expandenv", "date", "date_in_zone", "dateInZone", "date_modify",
		"dateModify", "htmlDate", "htmlDateInZone", "now"} {
		f[name] = full[name]
	}
	return f
}

func render(c Case, data interface{}) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	t, err := template.New("t").Funcs(funcs()).Parse(c.Template)
	if err != nil {
		return "", err
	}
	mk := c.MissingKey
	if mk == "" {
		mk = "default"
	}
	t.Option("missingkey=" + mk)
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func main() {
	for k, v := range env {
		os.Setenv(k, v)
	}
	parsed := map[string]interface{}{}
	raw := map[string]json.RawMessage{}
	for name, text := range dataSets {
		parsed[name] = decode(text)
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(text)); err != nil {
			panic(err)
		}
		raw[name] = compact.Bytes()
	}
	cases := allCases()
	seen := map[string]bool{}
	out := make([]Case, 0, len(cases))
	for _, c := range cases {
		if c.Data == "" {
			c.Data = "main"
		}
		key := c.Data + "\x00" + c.MissingKey + "\x00" + c.Template
		if seen[key] {
			continue
		}
		seen[key] = true
		// Fresh data per case: some functions (set, unset, merge) change their arguments.
		res, err := render(c, decode(dataSets[c.Data]))
		if err != nil {
			msg := err.Error()
			c.Error = &msg
		} else {
			c.Output = &res
		}
		out = append(out, c)
	}
	corpus := Corpus{Generator: "go run ./gen (Go text/template + Sprig v3, see README.md)", Env: env, Data: raw, Cases: out}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(corpus); err != nil {
		panic(err)
	}
	fmt.Fprintf(os.Stderr, "%d cases\n", len(out))
}
