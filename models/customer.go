package models

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Customer is a client of the buying company; it follows its orders through
// status links, in its own language.
type Customer struct {
	ID           int64  `gorm:"primaryKey" json:"id"`
	Name         string `json:"name"`
	ContactEmail string `json:"contact_email"`
	Locale       string `json:"locale"`
	// FabricPointsMax is the four-point pass threshold of this customer's
	// fabric (points per 100 square yards; DefaultFabricPointsMax).
	FabricPointsMax int       `gorm:"default:40" json:"fabric_points_max"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// CustomerPatch changes the fields that are not nil.
type CustomerPatch struct {
	Name         *string
	ContactEmail *string
	Locale       *string
	// FabricPointsMax is the four-point pass threshold (1–1000).
	FabricPointsMax *int
}

func (c *Customer) validate() error {
	v := &ValidationError{}
	c.Name = strings.TrimSpace(c.Name)
	checkText(v, "name", c.Name, true, 200)
	c.ContactEmail = strings.TrimSpace(c.ContactEmail)
	checkEmail(v, "contact_email", c.ContactEmail, false)
	if c.Locale == "" {
		c.Locale = LocaleEN
	} else if !ValidLocale(c.Locale) {
		v.Add("locale", "one_of", "allowed", "zh-CN, en")
	}
	if c.FabricPointsMax == 0 {
		c.FabricPointsMax = DefaultFabricPointsMax
	} else if c.FabricPointsMax < 1 || c.FabricPointsMax > 1000 {
		v.Add("fabric_points_max", "out_of_range", "min", 1, "max", 1000)
	}
	return v.Err()
}

// CreateCustomer validates and inserts a customer; names are unique.
func (s *Store) CreateCustomer(ctx context.Context, c *Customer) error {
	if err := c.validate(); err != nil {
		return err
	}
	now := s.clock.Now()
	c.ID, c.CreatedAt, c.UpdatedAt = 0, now, now
	if err := s.conn(ctx).Create(c).Error; err != nil {
		if isDuplicate(err) {
			return Invalid("name", "already_used")
		}
		return fmt.Errorf("create customer: %w", err)
	}
	return nil
}

// GetCustomer loads a customer.
func (s *Store) GetCustomer(ctx context.Context, id int64) (*Customer, error) {
	var c Customer
	if err := s.conn(ctx).First(&c, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// ListCustomers pages through customers by id, optionally searching names.
func (s *Store) ListCustomers(ctx context.Context, p Page, q string) ([]Customer, string, error) {
	limit, after, err := p.Normalize()
	if err != nil {
		return nil, "", err
	}
	tx := s.conn(ctx).Where("id > ?", after).Order("id").Limit(limit + 1)
	if q = strings.TrimSpace(q); q != "" {
		tx = tx.Where("name LIKE ? ESCAPE '!'", "%"+escapeLike(q)+"%")
	}
	var rows []Customer
	if err := tx.Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list customers: %w", err)
	}
	rows, next := pageOf(rows, limit, func(c Customer) int64 { return c.ID })
	return rows, next, nil
}

// UpdateCustomer applies a patch.
func (s *Store) UpdateCustomer(ctx context.Context, id int64, p CustomerPatch) (*Customer, error) {
	c, err := s.GetCustomer(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Name != nil {
		c.Name = *p.Name
	}
	if p.ContactEmail != nil {
		c.ContactEmail = *p.ContactEmail
	}
	if p.Locale != nil {
		c.Locale = *p.Locale
		if c.Locale == "" {
			return nil, Invalid("locale", "one_of", "allowed", "zh-CN, en")
		}
	}
	if p.FabricPointsMax != nil {
		if *p.FabricPointsMax < 1 || *p.FabricPointsMax > 1000 {
			return nil, Invalid("fabric_points_max", "out_of_range", "min", 1, "max", 1000)
		}
		c.FabricPointsMax = *p.FabricPointsMax
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	c.UpdatedAt = s.clock.Now()
	if err := s.conn(ctx).Select("name", "contact_email", "locale", "fabric_points_max", "updated_at").Updates(c).Error; err != nil {
		if isDuplicate(err) {
			return nil, Invalid("name", "already_used")
		}
		return nil, fmt.Errorf("update customer %d: %w", id, err)
	}
	return c, nil
}

// CustomerNames maps customer ids to customers (id, name and locale).
func (s *Store) CustomerNames(ctx context.Context, ids []int64) (map[int64]Customer, error) {
	return lookupBy(ctx, s, "customers", uniq(ids), []string{"id", "name", "locale"}, in[int64]("id"),
		func(c Customer) int64 { return c.ID })
}

// CustomersByName finds customers by name. Names match exactly, or else
// case-insensitively when only one customer matches that way. The result is
// keyed by the name as given (trimmed); names that match nothing are absent.
func (s *Store) CustomersByName(ctx context.Context, names []string) (map[string]Customer, error) {
	want := wanted(names, func(n string) string { return n })
	// Both conditions: SQLite's LOWER folds ASCII only, so an exact match
	// of a non-ASCII name needs "name IN" of its own.
	exact, err := lookupBy(ctx, s, "customers", want, []string{"id", "name", "locale"},
		func(part []string) (string, []any) {
			lower := make([]string, len(part))
			for i, n := range part {
				lower[i] = strings.ToLower(n)
			}
			return "name IN ? OR LOWER(name) IN ?", []any{part, lower}
		}, func(c Customer) string { return c.Name })
	if err != nil {
		return nil, err
	}
	folded := map[string][]Customer{}
	for _, c := range exact {
		k := strings.ToLower(c.Name)
		folded[k] = append(folded[k], c)
	}
	out := make(map[string]Customer, len(want))
	for _, n := range want {
		if c, ok := exact[n]; ok {
			out[n] = c
		} else if cs := folded[strings.ToLower(n)]; len(cs) == 1 {
			out[n] = cs[0]
		}
	}
	return out, nil
}
