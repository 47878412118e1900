package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Getenv reads configuration (os.Getenv, or a map in tests).
type Getenv func(string) string

// Open builds the bucket GENDAN_STORAGE describes: empty means the directory
// "objects" in the data dir, s3://… an S3 bucket, anything else a directory.
// Without GENDAN_STORAGE, GENDAN_S3_ENDPOINT and friends also select S3.
func Open(ctx context.Context, spec, dataDir string, env Getenv) (Bucket, error) {
	switch {
	case strings.HasPrefix(spec, "s3://"):
		c, err := ParseS3URL(spec)
		if err != nil {
			return nil, err
		}
		return NewS3(ctx, c)
	case spec == "" && env("GENDAN_S3_ENDPOINT") != "":
		c, err := S3FromEnv(env)
		if err != nil {
			return nil, err
		}
		return NewS3(ctx, c)
	case spec == "":
		return NewLocal(filepath.Join(dataDir, "objects"))
	case strings.Contains(spec, "://"):
		return nil, errors.New("GENDAN_STORAGE: unsupported scheme (want a directory or s3://)")
	}
	return NewLocal(spec)
}

// S3FromEnv reads GENDAN_S3_ENDPOINT, _ACCESS_KEY, _SECRET_KEY (each key
// also as _FILE), _BUCKET, _REGION, _SECURE and _PATH_STYLE.
func S3FromEnv(env Getenv) (S3Config, error) {
	access, err := secretVar(env, "GENDAN_S3_ACCESS_KEY")
	if err != nil {
		return S3Config{}, err
	}
	secret, err := secretVar(env, "GENDAN_S3_SECRET_KEY")
	if err != nil {
		return S3Config{}, err
	}
	c := S3Config{Endpoint: env("GENDAN_S3_ENDPOINT"), AccessKey: access, SecretKey: secret,
		Bucket: env("GENDAN_S3_BUCKET"), Region: env("GENDAN_S3_REGION"), Secure: true, PathStyle: true}
	if v := env("GENDAN_S3_SECURE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, errors.New("GENDAN_S3_SECURE must be true or false")
		}
		c.Secure = b
	}
	if v := env("GENDAN_S3_PATH_STYLE"); v != "" {
		c.PathStyle, _ = strconv.ParseBool(v)
	}
	return c, c.validate()
}

// secretVar reads NAME, or the file NAME_FILE names.
func secretVar(env Getenv, name string) (string, error) {
	if v := env(name); v != "" {
		return v, nil
	}
	if f := env(name + "_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return "", nil
}

// IsUnavailable reports a failure to reach the store.
func IsUnavailable(err error) bool { return errors.Is(err, ErrUnavailable) }
