package models

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

func TestCheckPasswordPolicy(t *testing.T) {
	const (
		tooShort = "too_short"
		tooLong  = "too_long"
		common   = "common_password"
	)
	// distinct builds a password of n runes that is certainly not on the list.
	distinct := func(n int) string {
		const alphabet = "kx7-vq2m!Rz9#pLw"
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte(alphabet[i%len(alphabet)])
		}
		return b.String()
	}
	tests := []struct {
		name, pw, want string
	}{
		{"empty", "", tooShort},
		{"seven", "kx7-vq2", tooShort},
		{"exactly 8", "kx7-vq2m", ""},
		{"128 ok", distinct(128), ""},
		{"129 too long", distinct(129), tooLong},
		{"password", "password", common},
		{"Password case-insensitive", "Password", common},
		{"PASSWORD upper case", "PASSWORD", common},
		{"12345678", "12345678", common},
		{"qwertyuiop", "qwertyuiop", common},
		{"QwertyUIOP", "QwertyUIOP", common},
		{"woaini1314", "woaini1314", common},
		{"WoAiNi1314", "WoAiNi1314", common},
		{"common with suffix is fine", "woaini1314-kx7", ""},
		// Length counts runes: 7 Chinese characters are 21 bytes but too short.
		{"7 Chinese runes", "我的密码很安全", tooShort},
		{"8 Chinese runes", "我的密码非常安全", ""},
		{"128 Chinese runes", strings.Repeat("密", 128), ""},
		{"129 Chinese runes", strings.Repeat("密", 129), tooLong},
		{"emoji counts as one rune each", strings.Repeat("🧵", 8), ""},
		{"7 emoji too short", strings.Repeat("🧵", 7), tooShort},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if fe := CheckPasswordPolicy(tc.pw); fe != nil {
				got = fe.Code
			}
			if got != tc.want {
				t.Errorf("CheckPasswordPolicy(%q) = %q, want %q", tc.pw, got, tc.want)
			}
		})
	}
}

func TestCommonPasswordList(t *testing.T) {
	if n := CommonPasswordCount(); n < 1000 {
		t.Fatalf("CommonPasswordCount() = %d, want at least 1000", n)
	}
	// Every entry is stored lower-cased (the lookup lower-cases its input)
	// and no shorter than the minimum length (shorter ones could never match).
	for p := range commonPasswords() {
		if p != strings.ToLower(p) {
			t.Errorf("common password %q is not lower-case: it can never match", p)
		}
		if len([]rune(p)) < PasswordMinLen {
			t.Errorf("common password %q is shorter than %d characters: it can never match", p, PasswordMinLen)
		}
	}
}

func TestHashPasswordFormatAndSalt(t *testing.T) {
	const pw = "correct-horse-battery"
	h1, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	const prefix = "$argon2id$v=19$m=19456,t=2,p=1$"
	for _, h := range []string{h1, h2} {
		if !strings.HasPrefix(h, prefix) {
			t.Fatalf("hash %q does not start with %q", h, prefix)
		}
		parts := strings.Split(h, "$")
		if len(parts) != 6 {
			t.Fatalf("hash %q has %d $-parts, want 6", h, len(parts))
		}
		salt, err := base64.RawStdEncoding.DecodeString(parts[4])
		if err != nil || len(salt) != 16 {
			t.Errorf("salt %q: %d bytes, err %v; want 16 bytes", parts[4], len(salt), err)
		}
		key, err := base64.RawStdEncoding.DecodeString(parts[5])
		if err != nil || len(key) != 32 {
			t.Errorf("key %q: %d bytes, err %v; want 32 bytes", parts[5], len(key), err)
		}
	}
	if h1 == h2 {
		t.Fatal("two hashes of the same password are equal: the salt is not random")
	}
	if strings.Split(h1, "$")[4] == strings.Split(h2, "$")[4] {
		t.Fatal("two hashes share a salt")
	}

	for _, tc := range []struct {
		hash, pw string
		want     bool
	}{
		{h1, pw, true},
		{h2, pw, true},
		{h1, "correct-horse-batterY", false},
		{h1, "", false},
	} {
		ok, err := VerifyPassword(tc.hash, tc.pw)
		if err != nil {
			t.Fatalf("VerifyPassword(%q): %v", tc.pw, err)
		}
		if ok != tc.want {
			t.Errorf("VerifyPassword(h, %q) = %v, want %v", tc.pw, ok, tc.want)
		}
	}
}

// VerifyPassword takes its parameters from the hash string, so hashes made
// with other (older or cheaper) costs still verify. Cheap parameters keep
// this test fast.
func TestVerifyPasswordUsesEncodedParameters(t *testing.T) {
	salt := []byte("0123456789abcdef")
	pw := "杭州锦绫 password"
	key := argon2.IDKey([]byte(pw), salt, 1, 64, 1, 24)
	enc := fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=1$%s$%s",
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
	if ok, err := VerifyPassword(enc, pw); err != nil || !ok {
		t.Fatalf("VerifyPassword(cheap hash, right password) = %v, %v; want true, nil", ok, err)
	}
	if ok, err := VerifyPassword(enc, pw+" "); err != nil || ok {
		t.Fatalf("VerifyPassword(cheap hash, wrong password) = %v, %v; want false, nil", ok, err)
	}
	// The same key under different parameters must not verify.
	other := strings.Replace(enc, "t=1", "t=2", 1)
	if ok, err := VerifyPassword(other, pw); err != nil || ok {
		t.Fatalf("VerifyPassword(t changed) = %v, %v; want false, nil", ok, err)
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	salt := base64.RawStdEncoding.EncodeToString([]byte("0123456789abcdef"))
	key := base64.RawStdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	good := func(v, params string) string {
		return "$argon2id$" + v + "$" + params + "$" + salt + "$" + key
	}
	tests := []struct{ name, hash string }{
		{"empty", ""},
		{"plain text", "not a hash"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i variant", "$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key},
		{"argon2d variant", "$argon2d$v=19$m=19456,t=2,p=1$" + salt + "$" + key},
		{"too few parts", "$argon2id$v=19$m=19456,t=2,p=1$" + salt},
		{"too many parts", good("v=19", "m=19456,t=2,p=1") + "$extra"},
		{"no leading dollar", "argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key + "$x"},
		{"old version 16", good("v=16", "m=19456,t=2,p=1")},
		{"version not a number", good("v=x", "m=19456,t=2,p=1")},
		{"version missing", good("", "m=19456,t=2,p=1")},
		{"params missing", good("v=19", "")},
		{"params reordered", good("v=19", "t=2,m=19456,p=1")},
		{"m zero", good("v=19", "m=0,t=2,p=1")},
		{"t zero", good("v=19", "m=19456,t=0,p=1")},
		{"p zero", good("v=19", "m=19456,t=2,p=0")},
		{"p overflows uint8", good("v=19", "m=19456,t=2,p=256")},
		{"m negative", good("v=19", "m=-1,t=2,p=1")},
		{"p missing", good("v=19", "m=19456,t=2")},
		{"salt not base64", "$argon2id$v=19$m=19456,t=2,p=1$!!!$" + key},
		{"salt padded base64", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "==$" + key},
		{"key not base64", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$***"},
		{"key empty", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := VerifyPassword(tc.hash, "correct-horse-battery")
			if err == nil {
				t.Fatalf("VerifyPassword(%q) returned no error", tc.hash)
			}
			if ok {
				t.Fatalf("VerifyPassword(%q) = true for a malformed hash", tc.hash)
			}
		})
	}
}
