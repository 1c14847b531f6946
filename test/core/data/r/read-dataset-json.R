# Reads a Dataset-JSON file (top-level "columns" and "rows") into a data.frame: numbers stay numbers, null
# becomes NA, strings stay strings ("" is kept as ""). Shared by the scripts in this folder.
library(jsonlite)
read_dataset_json <- function(path) {
  json <- fromJSON(path, simplifyVector = FALSE)
  names <- vapply(json$columns, function(c) c$name, "")
  types <- vapply(json$columns, function(c) c$dataType, "")
  cols <- lapply(seq_along(names), function(j) {
    v <- lapply(json$rows, function(r) if (is.null(r[[j]])) NA else r[[j]])
    if (types[j] %in% c("integer", "double", "float")) as.numeric(unlist(v)) else as.character(unlist(v))
  })
  names(cols) <- names
  as.data.frame(cols, stringsAsFactors = FALSE, check.names = FALSE)
}
