package book

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date that may be partial: a year, a year and month,
// or a full date, as W3C-DTF allows. The zero Date means unknown.
type Date struct {
	Year  int        // 1 to 9999; 0 means unknown
	Month time.Month // 0 means unknown
	Day   int        // 0 means unknown; needs Month
}

// ParseDate reads "YYYY", "YYYY-MM" or "YYYY-MM-DD", or an English
// "November 1987" or "7 November 1917". The empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	var d Date
	if parts := strings.Split(s, "-"); len(parts) <= 3 && allDigits(parts) {
		nums := make([]int, len(parts))
		for i, p := range parts {
			nums[i], _ = strconv.Atoi(p)
		}
		if len(parts[0]) != 4 || (len(parts) > 1 && len(parts[1]) != 2) || (len(parts) > 2 && len(parts[2]) != 2) {
			return Date{}, fmt.Errorf("book: date %q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		d.Year = nums[0]
		if len(nums) > 1 {
			d.Month = time.Month(nums[1])
		}
		if len(nums) > 2 {
			d.Day = nums[2]
		}
	} else {
		f := strings.Fields(s)
		var month, year, day string
		switch len(f) {
		case 2:
			month, year = f[0], f[1]
		case 3:
			day, month, year = f[0], f[1], f[2]
		default:
			return Date{}, fmt.Errorf("book: cannot read date %q", s)
		}
		m, ok := monthByName(month)
		y, err1 := strconv.Atoi(year)
		if !ok || err1 != nil || len(year) != 4 {
			return Date{}, fmt.Errorf("book: cannot read date %q", s)
		}
		d.Year, d.Month = y, m
		if day != "" {
			n, err := strconv.Atoi(day)
			if err != nil {
				return Date{}, fmt.Errorf("book: cannot read date %q", s)
			}
			d.Day = n
		}
	}
	if d.Year == 0 {
		return Date{}, fmt.Errorf("book: date %q: year 0 out of range", s)
	}
	if err := d.check(); err != nil {
		return Date{}, fmt.Errorf("book: date %q: %w", s, err)
	}
	return d, nil
}

func allDigits(parts []string) bool {
	for _, p := range parts {
		if p == "" {
			return false
		}
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return false
			}
		}
	}
	return true
}

func monthByName(s string) (time.Month, bool) {
	for m := time.January; m <= time.December; m++ {
		name := m.String()
		if strings.EqualFold(s, name) || (len(s) == 3 && strings.EqualFold(s, name[:3])) {
			return m, true
		}
	}
	return 0, false
}

// check reports an impossible date.
func (d Date) check() error {
	switch {
	case d.IsZero():
		return nil
	case d.Year < 1 || d.Year > 9999:
		return fmt.Errorf("year %d out of range", d.Year)
	case d.Month < 0 || d.Month > 12:
		return fmt.Errorf("month %d out of range", d.Month)
	case d.Day != 0 && d.Month == 0:
		return fmt.Errorf("day without a month")
	case d.Day < 0 || d.Day > daysIn(d.Month, d.Year):
		return fmt.Errorf("day %d out of range", d.Day)
	}
	return nil
}

func daysIn(m time.Month, year int) int {
	if m == 0 {
		return 31
	}
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d == Date{} }

// String formats the date as W3C-DTF: "1987", "1987-11" or "1987-11-07";
// the zero Date gives "".
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Human formats the date in English: "1987", "November 1987" or
// "7 November 1987".
func (d Date) Human() string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return strconv.Itoa(d.Year)
	case d.Day == 0:
		return d.Month.String() + " " + strconv.Itoa(d.Year)
	}
	return strconv.Itoa(d.Day) + " " + d.Month.String() + " " + strconv.Itoa(d.Year)
}

// Time returns midnight UTC at the start of the date; unknown month and
// day count as the first.
func (d Date) Time() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = time.January
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, m, day, 0, 0, 0, 0, time.UTC)
}
