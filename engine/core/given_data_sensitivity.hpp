#pragma once
// First-order sensitivity from given data: how much of an output's variance one input explains
// alone, S_i = Var(E[Y | X_i]) / Var(Y), estimated from a sample of (X, Y) pairs that was not
// designed for it, such as the draws of an uncertainty run (Plischke, Borgonovo & Smith 2013,
// "Global sensitivity measures from given data", Eur. J. Oper. Res. 226:536-550). The inputs may
// be correlated (a posterior ensemble's are): S_i then counts what X_i explains together with
// what it shares with the inputs correlated with it, and the indices may add up to more than 1.
//
// The sample is sorted by X_i and cut into `bins` classes of (nearly) equal count; the variance
// of the class means is the one-way analysis of variance's between-class part, which noise within
// a class inflates by about (bins − 1)·MS_within. The estimate is therefore the bias-adjusted
// ε² = (SS_between − (bins − 1)·SS_within / (n − bins)) / SS_total (Kelley 1935), which is about 0
// for an input that explains nothing (it may come out slightly below 0), not about (bins − 1)/n.

#include <cstddef>
#include <vector>

namespace repop::core {

// The number of classes the estimate uses for n pairs: about √n, at least 2 and at most 50.
std::size_t given_data_bins(std::size_t n);

// S_i of `y` on `x` (pairs where both are finite); NaN with fewer than 2·bins pairs or when `y`
// does not vary. Ties in x keep the pairs' order, so the result does not depend on the platform.
double first_order_from_given_data(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace repop::core
