package models

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's minimum of 19 MiB, t=2, p=1.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16

	PasswordMinLen = 8
	PasswordMaxLen = 128
)

// The most common passwords of 8 characters or more, lower-cased, one per
// line: a ranked public breach list plus ones common in China.
//
//go:embed commonpasswords.txt
var commonPasswordsText string

var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 8192)
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsText))
	for sc.Scan() {
		if p := strings.TrimSpace(sc.Text()); p != "" {
			set[p] = struct{}{}
		}
	}
	return set
})

// CommonPasswordCount says how many passwords the block list holds.
func CommonPasswordCount() int { return len(commonPasswords()) }

// CheckPasswordPolicy returns the password's problem, or nil when it is
// acceptable.
func CheckPasswordPolicy(pw string) *FieldError {
	var fe FieldError
	n := utf8.RuneCountInString(pw)
	switch {
	case n < PasswordMinLen:
		fe = Problem("too_short", "min", PasswordMinLen)
	case n > PasswordMaxLen:
		fe = Problem("too_long", "max", PasswordMaxLen)
	default:
		if _, common := commonPasswords()[strings.ToLower(pw)]; !common {
			return nil
		}
		fe = Problem("common_password")
	}
	return &fe
}

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

var errBadHash = errors.New("malformed password hash")

// VerifyPassword checks pw against a PHC argon2id hash in constant time.
func VerifyPassword(encoded, pw string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified against when a login names no user, so unknown logins
// cost the same time as wrong passwords.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("gendan-timing-equaliser")
	if err != nil {
		panic(err)
	}
	return h
})
