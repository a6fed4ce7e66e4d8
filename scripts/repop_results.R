# Reading repop's HDF5 results into R data frames (Debian: r-base-core, r-cran-hdf5r).
#
#   source("/usr/share/repop/scripts/repop_results.R")   # or scripts/ of a checkout
#   run <- repop_open("run.h5")
#   patients <- repop_table(run, "patients")     # one row per patient: covariates, parameters, outcomes
#   events   <- repop_table(run, "events")       # one row per event (scenario events.table: true)
#   courses  <- repop_table(run, "courses")      # one row per course given
#   cd4      <- repop_summary(run, "CD4")        # time_day, mean, sd, mean_se, one column per quantile
#   repop_units(patients)                        # the unit of every column
#   run$close_all()
#
# A file with arms holds each arm's groups under arms/<name>/: repop_table(run, "arms/as_needed/patients").
# Columns keep their HDF5 attributes as R attributes: "units" and "long_name"; a categorical column
# (an event's type, a course's reason) becomes a factor with the levels its flag_meanings name.
# docs/r.md explains the layout; tests/scripts/test_r_reading.py checks every value against h5py.

suppressPackageStartupMessages(library(hdf5r))

repop_open <- function(path) H5File$new(path, mode = "r")

# The attribute `name` of an HDF5 object, or NULL.
repop_attribute <- function(object, name) {
  if (name %in% h5attr_names(object)) h5attr(object, name) else NULL
}

# One HDF5 dataset as an R column, with its units and long name; flags become factors.
repop_column <- function(dataset) {
  values <- dataset$read()
  meanings <- repop_attribute(dataset, "flag_meanings")
  if (!is.null(meanings)) {
    levels <- strsplit(meanings, " ", fixed = TRUE)[[1]]
    values <- factor(levels[values + 1], levels = levels)
  }
  attr(values, "units") <- repop_attribute(dataset, "units")
  attr(values, "long_name") <- repop_attribute(dataset, "long_name")
  values
}

# Every one-dimensional dataset of a group as a column; datasets of subgroups (an event table's
# monitoring schedules) as <subgroup>.<column>. Rows are patients, events or courses.
repop_table <- function(file, group) {
  g <- file[[group]]
  columns <- list()
  for (name in names(g)) {
    member <- g[[name]]
    if (inherits(member, "H5Group")) {
      for (inner in names(member)) columns[[paste0(name, ".", inner)]] <- repop_column(member[[inner]])
    } else if (length(member$dims) == 1) {
      columns[[name]] <- repop_column(member)
    }
  }
  rows <- unique(vapply(columns, length, integer(1)))
  if (length(rows) != 1) stop(group, ": its columns differ in length (", paste(rows, collapse = ", "), ")")
  frame <- as.data.frame(columns, stringsAsFactors = FALSE, check.names = FALSE)
  for (name in names(columns)) {
    attr(frame[[name]], "units") <- attr(columns[[name]], "units")
    attr(frame[[name]], "long_name") <- attr(columns[[name]], "long_name")
  }
  frame
}

# A quantity's summary over time: time_day (the file's /time), mean, sd, mean_se and one column per
# reported quantile (q0.025 ... q0.975), in the quantity's unit. `prefix` is "" or "arms/<name>/".
repop_summary <- function(file, quantity, prefix = "") {
  g <- file[[paste0(prefix, "summary/", quantity)]]
  time <- file[["time"]]$read()
  levels <- file[["quantile"]]$read()
  quantiles <- g[["quantiles"]]$read()  # hdf5r gives [time, quantile] for the file's [quantile, time]
  frame <- data.frame(time_day = time, mean = g[["mean"]]$read(), sd = g[["sd"]]$read(),
                      mean_se = g[["mean_se"]]$read())
  for (q in seq_along(levels)) frame[[sprintf("q%s", format(levels[q]))]] <- quantiles[, q]
  attr(frame, "units") <- repop_attribute(g[["mean"]], "units")
  frame
}

# The unit of every column of a repop_table frame (NA where a column has none).
repop_units <- function(frame) {
  vapply(frame, function(x) { u <- attr(x, "units"); if (is.null(u)) NA_character_ else u }, character(1))
}
