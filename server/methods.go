package server

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// errMethodNotAllowed answers a path the API has under another method; the
// handler sets Allow.
var errMethodNotAllowed = apiError(http.StatusMethodNotAllowed, "method_not_allowed", "Method not allowed.")

// methodIndex lists, per route pattern, the methods the route table has
// for it, so a request that reached no route can tell "no such path" (404)
// from "no such method here" (405 with Allow).
type methodIndex struct {
	patterns [][]string // segments of each pattern; ":name" matches any one segment
	methods  [][]string // methods of each pattern, in the table's order
}

func newMethodIndex(routes []route) *methodIndex {
	ix := &methodIndex{}
	seen := map[string]int{}
	for _, r := range routes {
		i, ok := seen[r.path]
		if !ok {
			i = len(ix.patterns)
			seen[r.path] = i
			ix.patterns = append(ix.patterns, segments(r.path))
			ix.methods = append(ix.methods, nil)
		}
		if !slices.Contains(ix.methods[i], r.method) {
			ix.methods[i] = append(ix.methods[i], r.method)
		}
	}
	return ix
}

// segments splits a path as Fiber matches it by default: case-insensitive,
// a trailing slash ignored.
func segments(p string) []string {
	return strings.Split(strings.Trim(strings.ToLower(p), "/"), "/")
}

// allowed returns the methods of every pattern that matches the path, or
// nil when none does.
func (ix *methodIndex) allowed(path string) []string {
	seg := segments(path)
	var out []string
	for i, pat := range ix.patterns {
		if !matches(pat, seg) {
			continue
		}
		for _, m := range ix.methods[i] {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

func matches(pattern, seg []string) bool {
	if len(pattern) != len(seg) {
		return false
	}
	for i, p := range pattern {
		if strings.HasPrefix(p, ":") {
			if seg[i] == "" {
				return false
			}
		} else if p != seg[i] {
			return false
		}
	}
	return true
}

// methodNotAllowed runs after the route table: Fiber got here because no
// route has this method and path. When the path exists under other
// methods, the answer is 405 with Allow; otherwise the request goes on
// (to the PWA, or the 404).
func (s *Server) methodNotAllowed(c *fiber.Ctx) error {
	allow := s.methods.allowed(c.Path())
	if len(allow) == 0 {
		return c.Next()
	}
	c.Set(fiber.HeaderAllow, strings.Join(allow, ", "))
	return errMethodNotAllowed
}
