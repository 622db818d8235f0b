//! Multi-row `INSERT`s cut to fit the databases' limits on bound parameters, so that whatever
//! a reader accepts is stored: a 9,999-measure roadmap binds about 150,000 values, over both
//! SQLite's 32,766 and PostgreSQL's 65,535.

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Iterable};

/// Values one statement may bind on both databases: SQLite's limit since 3.32 (the bundled
/// library is newer), below PostgreSQL's 65,535.
pub(crate) const MAX_BINDS: usize = 32_766;

/// Rows of `columns` values each that fit one statement.
pub(crate) const fn rows_per_statement(columns: usize) -> usize {
    let per = MAX_BINDS / if columns == 0 { 1 } else { columns };
    if per == 0 { 1 } else { per }
}

/// Inserts every row (collected first: a lazy iterator's closure would not be `Send` across the
/// awaits of a repository's future), as many per statement as the bind limit allows, on `db` (a transaction,
/// so that the rows are stored all or none).
pub(crate) async fn insert_all<A, C>(db: &C, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait,
    C: ConnectionTrait,
{
    let per = rows_per_statement(<<A::Entity as EntityTrait>::Column as Iterable>::iter().count());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per).collect();
        A::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_never_binds_more_than_both_databases_take() {
        for columns in [1, 3, 7, 15, 40] {
            let per = rows_per_statement(columns);
            assert!(per * columns <= MAX_BINDS, "{columns} columns");
            assert!((per + 1) * columns > MAX_BINDS, "{columns} columns: as many rows as fit");
        }
        assert_eq!(rows_per_statement(0), MAX_BINDS);
        assert_eq!(rows_per_statement(MAX_BINDS * 2), 1);
    }
}
