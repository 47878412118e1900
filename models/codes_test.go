package models

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// codeUse is where the source sends a code, and with which params.
type codeUse struct {
	code, kind string // kind: "field" or "error"
	params     []string
	at         string
}

// fieldCallArg says which argument of a call is a field code: Problem(code,
// kv...), Invalid(field, code, kv...), v.Add(field, code, kv...), the
// import's fail(row, field, code, kv...) and failCol(row, col, code, kv...).
var fieldCallArg = map[string]int{"Problem": 0, "Invalid": 1, "Add": 1, "fail": 2, "failCol": 2}

// errorCallArg: Conflict(code, kv...) and apiError(status, code, msg).
var errorCallArg = map[string]int{"Conflict": 0, "apiError": 1}

// scanCodes finds every code literal the Go sources of the module send.
func scanCodes(t *testing.T) []codeUse {
	t.Helper()
	root := ".."
	var uses []codeUse
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := identName(n.Fun)
				kind, i := "", -1
				if j, ok := fieldCallArg[name]; ok {
					kind, i = "field", j
				} else if j, ok := errorCallArg[name]; ok {
					kind, i = "error", j
				}
				if i < 0 || i >= len(n.Args) {
					return true
				}
				code, ok := stringLit(n.Args[i])
				if !ok {
					return true
				}
				u := codeUse{code: code, kind: kind, at: fset.Position(n.Pos()).String()}
				if name != "apiError" {
					for k := i + 1; k < len(n.Args); k += 2 {
						if p, ok := stringLit(n.Args[k]); ok {
							u.params = append(u.params, p)
						}
					}
				}
				uses = append(uses, u)
			case *ast.CompositeLit:
				// APIError{Code: "…"} and ConflictError{Code: "…"}.
				typ := identName(n.Type)
				if typ != "APIError" && typ != "ConflictError" {
					return true
				}
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Code" {
						if code, ok := stringLit(kv.Value); ok {
							uses = append(uses, codeUse{code: code, kind: "error", at: fset.Position(n.Pos()).String()})
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return uses
}

// identName is the last name of f or pkg.f.
func identName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

func stringLit(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}

var placeholderRe = regexp.MustCompile(`\{(\w+)\}`)

func placeholders(tpl string) []string {
	var out []string
	for _, m := range placeholderRe.FindAllStringSubmatch(tpl, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestEveryCodeIsRegistered: every code the sources send is in FieldCodes or
// ErrorCodes, every registered code is sent somewhere, and each message
// template names only params the senders give.
func TestEveryCodeIsRegistered(t *testing.T) {
	uses := scanCodes(t)
	if len(uses) < 100 {
		t.Fatalf("found only %d code uses; the scan is broken", len(uses))
	}
	sent := map[string]map[string]bool{}
	for _, u := range uses {
		reg := FieldCodes
		if u.kind == "error" {
			reg = ErrorCodes
		}
		if _, ok := reg[u.code]; !ok {
			t.Errorf("%s: %s code %q is not registered in models/codes.go", u.at, u.kind, u.code)
		}
		key := u.kind + ":" + u.code
		if sent[key] == nil {
			sent[key] = map[string]bool{}
		}
		for _, p := range u.params {
			sent[key][p] = true
		}
	}
	for kind, reg := range map[string]map[string]string{"field": FieldCodes, "error": ErrorCodes} {
		for code, tpl := range reg {
			if !regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(code) {
				t.Errorf("%s code %q is not snake_case", kind, code)
			}
			ps, ok := sent[kind+":"+code]
			if !ok && !registeredElsewhere[code] {
				t.Errorf("%s code %q is registered but never sent", kind, code)
			}
			for _, p := range placeholders(tpl) {
				if ok && !ps[p] && !paramsSetElsewhere[code] {
					t.Errorf("%s code %q: its message names {%s}, which no sender gives", kind, code, p)
				}
			}
		}
	}
}

// registeredElsewhere are codes sent through a variable (not a literal the
// scan can see); paramsSetElsewhere build their params as a map.
var (
	registeredElsewhere = map[string]bool{"validation_failed": true, "import_failed": true}
	paramsSetElsewhere  = map[string]bool{"import_failed": true, "rate_limited": true} // rate_limited: server/statuslinks.go sets {seconds}
)

// codesFile is what the PWA's translation test reads.
type codesFile struct {
	Field    map[string][]string `json:"field"`
	Error    map[string][]string `json:"error"`
	Activity []string            `json:"activity"`
	// Notification lists the kinds of in-app notification (NotificationKinds).
	Notification []string `json:"notification"`
}

func currentCodes(t *testing.T) codesFile {
	uses := scanCodes(t)
	cf := codesFile{Field: map[string][]string{}, Error: map[string][]string{}, Activity: append([]string(nil), ActivityKinds...)}
	sort.Strings(cf.Activity)
	cf.Notification = append([]string(nil), NotificationKinds...)
	sort.Strings(cf.Notification)
	params := map[string]map[string]bool{}
	for kind, reg := range map[string]map[string]string{"field": FieldCodes, "error": ErrorCodes} {
		for code, tpl := range reg {
			m := map[string]bool{}
			for _, p := range placeholders(tpl) {
				m[p] = true
			}
			params[kind+":"+code] = m
		}
	}
	for _, u := range uses {
		if m := params[u.kind+":"+u.code]; m != nil {
			for _, p := range u.params {
				m[p] = true
			}
		}
	}
	params["error:import_failed"]["rows"] = true
	params["error:import_failed"]["listed"] = true
	for key, m := range params {
		kind, code, _ := strings.Cut(key, ":")
		list := []string{}
		for p := range m {
			list = append(list, p)
		}
		sort.Strings(list)
		if kind == "field" {
			cf.Field[code] = list
		} else {
			cf.Error[code] = list
		}
	}
	return cf
}

// TestCodesFileIsCurrent keeps pwa/src/i18n/codes.json (every code with its
// params) equal to the registry; GENDAN_UPDATE_CODES=1 rewrites it.
func TestCodesFileIsCurrent(t *testing.T) {
	want, err := json.MarshalIndent(currentCodes(t), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	path := filepath.Join("..", "pwa", "src", "i18n", "codes.json")
	if os.Getenv("GENDAN_UPDATE_CODES") == "1" {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("%s is not the registry's list of codes; run GENDAN_UPDATE_CODES=1 go test ./models -run TestCodesFileIsCurrent and add the new codes' translations (err: %v)", path, err)
	}
}

// TestActivityKindsListsEveryKind: every Act… constant the sources declare
// is in ActivityKinds (so the PWA describes every kind it can receive).
func TestActivityKindsListsEveryKind(t *testing.T) {
	listed := map[string]bool{}
	for _, k := range ActivityKinds {
		listed[k] = true
	}
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, d := range f.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, sp := range gd.Specs {
					vs := sp.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if !regexp.MustCompile(`^Act[A-Z]`).MatchString(name.Name) || i >= len(vs.Values) {
							continue
						}
						if v, ok := stringLit(vs.Values[i]); ok {
							n++
							if !listed[v] {
								t.Errorf("activity kind %s = %q is not in ActivityKinds", name.Name, v)
							}
						}
					}
				}
			}
		}
	}
	if n != len(ActivityKinds) {
		t.Errorf("%d Act… constants, ActivityKinds lists %d", n, len(ActivityKinds))
	}
}

func TestProblemRendersParams(t *testing.T) {
	fe := Problem("out_of_range", "min", 1, "max", 10_000_000)
	if fe.Message != "must be from 1 to 10000000" || fe.Params["min"] != 1 || fe.Code != "out_of_range" {
		t.Errorf("Problem = %+v", fe)
	}
	if fe := Problem("required"); fe.Params != nil || fe.Message != "is required" {
		t.Errorf("Problem(required) = %+v", fe)
	}
	c := Conflict("order_not_editable", "status", "shipped")
	if c.Message != "A shipped order cannot be changed." || c.Params["status"] != "shipped" {
		t.Errorf("Conflict = %+v", c)
	}
}

func TestDateProblem(t *testing.T) {
	for in, want := range map[string]string{
		"2027-02-28": "", "2000-01-01": "", "2100-12-31": "",
		"2027-02-30": "no_such_date", "2027-13-01": "no_such_date", "2028-02-29": "", "2027-02-29": "no_such_date",
		"0207-06-30": "date_out_of_range", "0000-01-01": "date_out_of_range", "1999-12-31": "date_out_of_range", "2101-01-01": "date_out_of_range",
		"27-6-30": "not_a_date", "2027/06/30": "not_a_date", "": "not_a_date", "2027-06-30T00:00:00Z": "not_a_date",
	} {
		got := ""
		if fe := DateProblem(in); fe != nil {
			got = fe.Code
		}
		if got != want {
			t.Errorf("DateProblem(%q) = %q, want %q", in, got, want)
		}
	}
}
