// Package pwa embeds the built front end (pwa/dist, made by `npm run build`)
// into the binary. Before the front end is built, dist holds only .gitkeep
// and a placeholder page is served instead, so `go build` always works.
package pwa

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

//go:embed placeholder.html
var placeholder []byte

// Dist is the built PWA, rooted at dist/, with the placeholder page as
// index.html when no build is there.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	if _, err := fs.Stat(sub, "index.html"); err == nil {
		return sub
	}
	return withPlaceholder{sub}
}

// Built reports whether a real front-end build is embedded.
func Built() bool {
	_, err := fs.Stat(dist, "dist/index.html")
	return err == nil
}

type withPlaceholder struct{ fs.FS }

func (w withPlaceholder) ReadFile(name string) ([]byte, error) {
	if name == "index.html" {
		return placeholder, nil
	}
	return fs.ReadFile(w.FS, name)
}
