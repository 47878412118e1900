package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Role is what a user may do.
type Role string

const (
	RoleAdmin        Role = "admin"
	RoleMerchandiser Role = "merchandiser"
	RoleFactory      Role = "factory"
	// RoleQC is an inspector (the buyer's own or a third party's): signs in
	// like staff, sees only the confirmed orders of the suppliers assigned
	// to it (user_suppliers) and none of the staff-only fields, and records
	// the inspections it is assigned.
	RoleQC Role = "qc"
)

// RolesAllowed is the "allowed" parameter of a bad role.
const RolesAllowed = "admin, merchandiser, factory, qc"

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleMerchandiser || r == RoleFactory || r == RoleQC
}

// UserSupplier assigns a supplier to a qc user.
type UserSupplier struct {
	ID         int64 `gorm:"primaryKey"`
	UserID     int64
	SupplierID int64
}

// Locales the product speaks.
const (
	LocaleZH = "zh-CN"
	LocaleEN = "en"
)

// ValidLocale reports whether l is a supported locale.
func ValidLocale(l string) bool { return l == LocaleZH || l == LocaleEN }

// User is an account. A factory user belongs to exactly one supplier.
type User struct {
	ID           int64      `gorm:"primaryKey" json:"id"`
	Name         string     `json:"name"`
	Email        string     `json:"email"`
	Phone        *string    `json:"phone"`
	PasswordHash string     `json:"-"`
	Role         Role       `json:"role"`
	SupplierID   *int64     `json:"supplier_id"`
	Locale       string     `json:"locale"`
	Active       bool       `json:"active"`
	TokenVersion int        `json:"-"`
	LastLoginAt  *time.Time `json:"last_login_at"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	// SupplierIDs are a qc user's assigned suppliers (user_suppliers).
	SupplierIDs []int64 `gorm:"-" json:"supplier_ids"`
}

// fillSupplierIDs loads the assigned suppliers of the qc users among us.
func (s *Store) fillSupplierIDs(ctx context.Context, us []User) error {
	var ids []int64
	for i := range us {
		us[i].SupplierIDs = []int64{}
		if us[i].Role == RoleQC {
			ids = append(ids, us[i].ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []UserSupplier
	if err := s.conn(ctx).Where("user_id IN ?", ids).Order("supplier_id").Find(&rows).Error; err != nil {
		return fmt.Errorf("suppliers of qc users: %w", err)
	}
	by := map[int64][]int64{}
	for _, r := range rows {
		by[r.UserID] = append(by[r.UserID], r.SupplierID)
	}
	for i := range us {
		if v := by[us[i].ID]; v != nil {
			us[i].SupplierIDs = v
		}
	}
	return nil
}

func (s *Store) fillUser(ctx context.Context, u *User) error {
	us := []User{*u}
	if err := s.fillSupplierIDs(ctx, us); err != nil {
		return err
	}
	u.SupplierIDs = us[0].SupplierIDs
	return nil
}

// NewUser is the input for CreateUser.
type NewUser struct {
	Name       string
	Email      string
	Phone      string
	Password   string
	Role       Role
	SupplierID *int64
	// SupplierIDs are a qc user's suppliers.
	SupplierIDs []int64
	Locale      string
}

// UserPatch changes the fields that are not nil. ClearSupplier removes the
// supplier (when the role stops being factory).
type UserPatch struct {
	Name       *string
	Locale     *string
	Role       *Role
	SupplierID *int64
	// SupplierIDs replaces a qc user's suppliers.
	SupplierIDs *[]int64
	Active      *bool
}

// UserFilter selects users.
type UserFilter struct {
	Page
	Role       Role
	SupplierID *int64
	Query      string
}

var phoneRe = regexp.MustCompile(`^\+?[0-9]{5,20}$`)

// NormalizeLogin lower-cases e-mail addresses and strips the spaces, dashes
// and brackets people type into phone numbers.
func NormalizeLogin(login string) string {
	login = strings.TrimSpace(login)
	if strings.Contains(login, "@") {
		return strings.ToLower(login)
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '(', ')', '.':
			return -1
		}
		return r
	}, login)
}

// checkUserShape adds what is wrong with a role's supplier fields to v; a
// failed read is returned, never reported as an unknown supplier.
func (s *Store) checkUserShape(ctx context.Context, v *ValidationError, role Role, supplierID *int64, qcSuppliers []int64) error {
	if !role.Valid() {
		v.Add("role", "one_of", "allowed", RolesAllowed)
		return nil
	}
	if role != RoleQC && len(qcSuppliers) > 0 {
		v.Add("supplier_ids", "only_for_qc")
	}
	if role == RoleQC && len(qcSuppliers) > 0 {
		if len(qcSuppliers) > 500 {
			v.Add("supplier_ids", "too_many", "max", 500)
		} else if known, err := s.SupplierNames(ctx, qcSuppliers); err != nil {
			return err
		} else if len(known) != len(uniq(qcSuppliers)) {
			v.Add("supplier_ids", "unknown_supplier")
		}
	}
	if role == RoleFactory {
		if supplierID == nil {
			v.Add("supplier_id", "required_for_factory")
			return nil
		}
		if _, err := s.GetSupplier(ctx, *supplierID); errors.Is(err, ErrNotFound) {
			v.Add("supplier_id", "unknown_supplier")
		} else if err != nil {
			return err
		}
	} else if supplierID != nil {
		v.Add("supplier_id", "only_for_factory")
	}
	return nil
}

// CreateUser validates and inserts a user with an argon2id password hash.
func (s *Store) CreateUser(ctx context.Context, in NewUser) (*User, error) {
	v := &ValidationError{}
	in.Name = strings.TrimSpace(in.Name)
	checkText(v, "name", in.Name, true, 100)
	in.Email = NormalizeLogin(in.Email)
	checkEmail(v, "email", in.Email, true)
	var phone *string
	if in.Phone != "" {
		p := NormalizeLogin(in.Phone)
		if !phoneRe.MatchString(p) {
			v.Add("phone", "invalid_phone")
		}
		phone = &p
	}
	if in.Password == "" {
		v.Add("password", "required")
	} else if problem := CheckPasswordPolicy(in.Password); problem != nil {
		v.AddProblem("password", *problem)
	}
	if in.Locale == "" {
		in.Locale = LocaleZH
	} else if !ValidLocale(in.Locale) {
		v.Add("locale", "one_of", "allowed", "zh-CN, en")
	}
	if err := s.checkUserShape(ctx, v, in.Role, in.SupplierID, in.SupplierIDs); err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	return s.insertUser(ctx, in, phone, hash)
}

func (s *Store) insertUser(ctx context.Context, in NewUser, phone *string, hash string) (*User, error) {
	now := s.clock.Now()
	u := &User{Name: in.Name, Email: in.Email, Phone: phone, PasswordHash: hash, Role: in.Role,
		SupplierID: in.SupplierID, Locale: in.Locale, Active: true, CreatedAt: now, UpdatedAt: now}
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		return setUserSuppliers(tx, u.ID, in.SupplierIDs)
	})
	if err != nil {
		if isDuplicate(err) {
			// TranslateError turns the driver's error into a bare
			// gorm.ErrDuplicatedKey that no longer names the index, so ask
			// which of the unique logins is taken.
			if phone != nil && s.loginTaken(ctx, "phone", *phone) && !s.loginTaken(ctx, "email", in.Email) {
				return nil, Invalid("phone", "already_used")
			}
			return nil, Invalid("email", "already_used")
		}
		return nil, fmt.Errorf("create user: %w", err)
	}
	u.SupplierIDs = uniq(in.SupplierIDs)
	return u, nil
}

// loginTaken reports whether a user already has this e-mail or phone.
func (s *Store) loginTaken(ctx context.Context, col, value string) bool {
	var n int64
	err := s.conn(ctx).Model(&User{}).Where(col+" = ?", value).Count(&n).Error
	return err == nil && n > 0
}

// GetUser loads one user by id.
func (s *Store) GetUser(ctx context.Context, id int64) (*User, error) {
	var u User
	if err := s.conn(ctx).First(&u, id).Error; err != nil {
		return nil, notFound(err)
	}
	if err := s.fillUser(ctx, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// getUserByLogin finds a user by e-mail or phone.
func (s *Store) getUserByLogin(ctx context.Context, login string) (*User, error) {
	login = NormalizeLogin(login)
	if login == "" {
		return nil, ErrNotFound
	}
	col := "phone"
	if strings.Contains(login, "@") {
		col = "email"
	}
	var u User
	if err := s.conn(ctx).Where(col+" = ?", login).First(&u).Error; err != nil {
		return nil, notFound(err)
	}
	return &u, nil
}

// Authenticate checks a login (e-mail or phone) and password. Unknown logins,
// wrong passwords and disabled users all give ErrUnauthorized after the same
// amount of hashing work.
func (s *Store) Authenticate(ctx context.Context, login, password string) (*User, error) {
	u, err := s.getUserByLogin(ctx, login)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	hash := dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	ok, verr := VerifyPassword(hash, password)
	if u == nil || !ok || verr != nil || !u.Active {
		return nil, ErrUnauthorized
	}
	now := s.clock.Now()
	s.conn(ctx).Model(&User{}).Where("id = ?", u.ID).Update("last_login_at", now)
	u.LastLoginAt = &now
	if err := s.fillUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// ListUsers pages through users by id.
func (s *Store) ListUsers(ctx context.Context, f UserFilter) ([]User, string, error) {
	limit, after, err := f.Page.Normalize()
	if err != nil {
		return nil, "", err
	}
	q := s.conn(ctx).Where("id > ?", after).Order("id").Limit(limit + 1)
	if f.Role != "" {
		q = q.Where("role = ?", f.Role)
	}
	if f.SupplierID != nil {
		q = q.Where("supplier_id = ?", *f.SupplierID)
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		like := "%" + escapeLike(t) + "%"
		q = q.Where("(name LIKE ? ESCAPE '!' OR email LIKE ? ESCAPE '!' OR phone LIKE ? ESCAPE '!')", like, like, like)
	}
	var rows []User
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list users: %w", err)
	}
	rows, next := pageOf(rows, limit, func(x User) int64 { return x.ID })
	if err := s.fillSupplierIDs(ctx, rows); err != nil {
		return nil, "", err
	}
	return rows, next, nil
}

// UpdateUser applies an admin's or the user's own patch. Disabling a user, or
// changing their role or supplier, revokes their sessions at once.
func (s *Store) UpdateUser(ctx context.Context, id int64, p UserPatch) (*User, error) {
	var out *User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var u User
		if err := tx.First(&u, id).Error; err != nil {
			return notFound(err)
		}
		v := &ValidationError{}
		revoke := false
		if p.Name != nil {
			u.Name = strings.TrimSpace(*p.Name)
			checkText(v, "name", u.Name, true, 100)
		}
		if p.Locale != nil {
			if !ValidLocale(*p.Locale) {
				v.Add("locale", "one_of", "allowed", "zh-CN, en")
			}
			u.Locale = *p.Locale
		}
		if p.Role != nil && *p.Role != u.Role {
			u.Role, revoke = *p.Role, true
			if u.Role != RoleFactory && p.SupplierID == nil {
				u.SupplierID = nil
			}
		}
		if p.SupplierID != nil {
			if u.SupplierID == nil || *u.SupplierID != *p.SupplierID {
				revoke = true
			}
			sid := *p.SupplierID
			u.SupplierID = &sid
		}
		qcSuppliers, err := userSupplierIDs(tx, u.ID)
		if err != nil {
			return err
		}
		if p.Role != nil && u.Role != RoleQC {
			qcSuppliers = nil
		}
		if p.SupplierIDs != nil {
			if !slices.Equal(uniq(*p.SupplierIDs), uniq(qcSuppliers)) {
				revoke = true
			}
			qcSuppliers = *p.SupplierIDs
		}
		if p.Role != nil || p.SupplierID != nil || p.SupplierIDs != nil {
			if err := s.checkUserShape(ctx, v, u.Role, u.SupplierID, qcSuppliers); err != nil {
				return err
			}
		}
		if p.Active != nil && *p.Active != u.Active {
			u.Active = *p.Active
			revoke = revoke || !u.Active
		}
		if err := v.Err(); err != nil {
			return err
		}
		u.UpdatedAt = s.clock.Now()
		if revoke {
			u.TokenVersion++
		}
		if err := tx.Select("name", "locale", "role", "supplier_id", "active", "token_version", "updated_at").Updates(&u).Error; err != nil {
			return fmt.Errorf("update user %d: %w", id, err)
		}
		if p.Role != nil || p.SupplierIDs != nil {
			if err := setUserSuppliers(tx, u.ID, qcSuppliers); err != nil {
				return err
			}
		}
		if revoke {
			if err := revokeUserTokens(tx, u.ID, u.UpdatedAt); err != nil {
				return err
			}
		}
		u.SupplierIDs = uniq(qcSuppliers)
		if u.Role != RoleQC {
			u.SupplierIDs = []int64{}
		}
		out = &u
		return nil
	})
	return out, err
}

// ChangePassword sets a new password after checking the current one, and
// revokes every session of the user (the caller issues a fresh one).
func (s *Store) ChangePassword(ctx context.Context, id int64, current, next string) (*User, error) {
	u, err := s.GetUser(ctx, id)
	if err != nil {
		return nil, err
	}
	if ok, _ := VerifyPassword(u.PasswordHash, current); !ok {
		return nil, Invalid("current_password", "wrong_password")
	}
	return s.SetPassword(ctx, id, next)
}

// SetPassword replaces a password without knowing the old one (admin reset,
// CLI) and revokes every session of the user.
func (s *Store) SetPassword(ctx context.Context, id int64, next string) (*User, error) {
	if problem := CheckPasswordPolicy(next); problem != nil {
		return nil, &ValidationError{Fields: map[string]FieldError{"password": *problem}}
	}
	hash, err := HashPassword(next)
	if err != nil {
		return nil, err
	}
	var out User
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.clock.Now()
		res := tx.Model(&User{}).Where("id = ?", id).Updates(map[string]any{
			"password_hash": hash, "token_version": gorm.Expr("token_version + 1"), "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("set password of user %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if err := revokeUserTokens(tx, id, now); err != nil {
			return err
		}
		return tx.First(&out, id).Error
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// AuthState is what the server checks on every request: one primary-key read.
type AuthState struct {
	ID           int64
	Role         Role
	SupplierID   *int64
	Active       bool
	TokenVersion int
	Locale       string
	// Suppliers are a qc user's assigned suppliers (empty for other roles).
	Suppliers []int64
}

// Scope is what the state's user may see.
func (st *AuthState) Scope() Scope { return ScopeFor(st.Role, st.SupplierID, st.Suppliers) }

// setUserSuppliers replaces a user's qc supplier assignments.
func setUserSuppliers(tx *gorm.DB, userID int64, ids []int64) error {
	if err := tx.Where("user_id = ?", userID).Delete(&UserSupplier{}).Error; err != nil {
		return fmt.Errorf("clear suppliers of user %d: %w", userID, err)
	}
	for _, id := range uniq(ids) {
		if err := tx.Create(&UserSupplier{UserID: userID, SupplierID: id}).Error; err != nil {
			return fmt.Errorf("assign supplier %d to user %d: %w", id, userID, err)
		}
	}
	return nil
}

func userSupplierIDs(tx *gorm.DB, userID int64) ([]int64, error) {
	var ids []int64
	if err := tx.Model(&UserSupplier{}).Where("user_id = ?", userID).Order("supplier_id").Pluck("supplier_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("suppliers of user %d: %w", userID, err)
	}
	return ids, nil
}

// fillQC loads a qc user's suppliers into its auth state.
func (s *Store) fillQC(ctx context.Context, st *AuthState) error {
	if st == nil || st.Role != RoleQC {
		return nil
	}
	ids, err := userSupplierIDs(s.conn(ctx), st.ID)
	st.Suppliers = ids
	return err
}

// GetAuthState loads the fields that decide whether an access token still
// works: one primary-key read per request, on the lean read path.
func (s *Store) GetAuthState(ctx context.Context, id int64) (*AuthState, error) {
	rows, err := s.query(ctx, "SELECT id, role, supplier_id, active, token_version, locale FROM users WHERE id = ?", id)
	if err != nil {
		return nil, fmt.Errorf("auth state: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, ErrNotFound
	}
	var st AuthState
	var sup sql.NullInt64
	if err := rows.Scan(&st.ID, &st.Role, &sup, &st.Active, &st.TokenVersion, &st.Locale); err != nil {
		return nil, fmt.Errorf("auth state: %w", err)
	}
	st.SupplierID = nullInt(sup)
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if err := s.fillQC(ctx, &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// CountUsers counts all users (used to decide whether to seed demo data).
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := s.conn(ctx).Model(&User{}).Count(&n).Error
	return n, err
}

// UsersByEmail finds users by e-mail address (case-insensitive), keyed by
// the lower-case address.
func (s *Store) UsersByEmail(ctx context.Context, emails []string) (map[string]User, error) {
	return lookupBy(ctx, s, "users", wanted(emails, strings.ToLower), []string{"id", "name", "email", "role", "active"},
		in[string]("email"), func(u User) string { return strings.ToLower(u.Email) })
}

// UserEmails maps user ids to e-mail addresses.
func (s *Store) UserEmails(ctx context.Context, ids []int64) (map[int64]string, error) {
	users, err := lookupBy(ctx, s, "users", uniq(ids), []string{"id", "email"}, in[int64]("id"),
		func(u User) int64 { return u.ID })
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(users))
	for id, u := range users {
		out[id] = u.Email
	}
	return out, nil
}
