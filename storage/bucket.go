// Package storage keeps photos and other objects: a small Bucket interface
// with a local-disk implementation (the embedded default) and an S3 one
// (MinIO, any S3-compatible store) behind it.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// ObjectInfo describes a stored object.
type ObjectInfo struct {
	Key         string
	Size        int64
	ContentType string
	ModTime     time.Time
}

// Bucket is what the product needs of an object store.
type Bucket interface {
	// Put stores size bytes from r under key; readers never see a partial object.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Open streams an object. The caller closes the reader.
	Open(ctx context.Context, key string) (io.ReadCloser, ObjectInfo, error)
	Stat(ctx context.Context, key string) (ObjectInfo, error)
	// Delete removes an object; deleting a missing object is not an error.
	Delete(ctx context.Context, key string) error
	// List calls fn for every object whose key starts with prefix.
	List(ctx context.Context, prefix string, fn func(ObjectInfo) error) error
	// PresignGet returns a time-limited GET URL, or ErrPresignUnsupported.
	PresignGet(ctx context.Context, key string, ttl time.Duration) (string, error)
	// Ping checks that the store is reachable (for /readyz).
	Ping(ctx context.Context) error
}

var (
	// ErrNotExist: no object has that key.
	ErrNotExist = errors.New("object does not exist")
	// ErrInvalidKey: the key could escape its bucket or is malformed.
	ErrInvalidKey = errors.New("invalid object key")
	// ErrPresignUnsupported: the backend cannot make presigned URLs.
	ErrPresignUnsupported = errors.New("presigned URLs are not supported by this store")
	// ErrUnavailable wraps failures to reach the store (network, disk gone).
	ErrUnavailable = errors.New("object store unavailable")
)

// ValidateKey accepts relative slash-separated keys of safe characters: no
// "..", no absolute paths, no empty segments, no NUL or backslash.
func ValidateKey(key string) error {
	if key == "" || len(key) > 512 || strings.HasPrefix(key, "/") || strings.HasSuffix(key, "/") {
		return fmt.Errorf("%w: %q", ErrInvalidKey, key)
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("%w: %q", ErrInvalidKey, key)
		}
	}
	for _, r := range key {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r)
		if !ok {
			return fmt.Errorf("%w: %q", ErrInvalidKey, key)
		}
	}
	return nil
}

// validatePrefix accepts "" or a key-like prefix (which may end in "/").
func validatePrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	return ValidateKey(strings.TrimSuffix(prefix, "/") + "/x")
}
