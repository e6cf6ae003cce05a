//! Diesel's view of the tables in `migrations/`. Written by hand to match the SQL; the
//! migration tests fail if the two drift.

diesel::table! {
    units (id) {
        id -> Int4,
        name -> Text,
        code -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    plans (id) {
        id -> Int4,
        year -> Int4,
        title -> Text,
        notice_title -> Text,
        doc_number -> Text,
        issuer -> Text,
        issued_on -> Nullable<Date>,
        status -> Text,
        first_report_due -> Nullable<Date>,
        green_max_lag -> Float8,
        red_min_lag -> Float8,
        red_overdue_days -> Int4,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    categories (id) {
        id -> Int4,
        plan_id -> Int4,
        ordinal -> Int4,
        title -> Text,
    }
}

diesel::table! {
    items (id) {
        id -> Int4,
        plan_id -> Int4,
        category_id -> Int4,
        number -> Int4,
        content -> Text,
        lead_unit_id -> Int4,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    item_co_units (item_id, unit_id) {
        item_id -> Int4,
        unit_id -> Int4,
    }
}

diesel::table! {
    milestones (id) {
        id -> Int4,
        item_id -> Int4,
        seq -> Int4,
        due_date -> Date,
        target_text -> Text,
        completed_on -> Nullable<Date>,
        completion_note -> Nullable<Text>,
        version -> Int4,
    }
}

diesel::table! {
    indicators (id) {
        id -> Int4,
        item_id -> Int4,
        seq -> Int4,
        name -> Text,
        measure -> Text,
        kind -> Text,
        final_target -> Float8,
    }
}

diesel::table! {
    indicator_targets (indicator_id, milestone_id) {
        indicator_id -> Int4,
        milestone_id -> Int4,
        item_id -> Int4,
        target -> Float8,
    }
}

diesel::table! {
    users (id) {
        id -> Int4,
        username -> Text,
        display_name -> Text,
        role -> Text,
        unit_id -> Nullable<Int4>,
        password_hash -> Text,
        disabled_at -> Nullable<Timestamptz>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    sessions (id) {
        id -> Uuid,
        user_id -> Int4,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        ip -> Nullable<Text>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Int4,
        name -> Text,
        token_hash -> Text,
        prefix -> Text,
        plan_id -> Nullable<Int4>,
        created_by -> Int4,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Int8,
        username -> Text,
        ip -> Text,
        at -> Timestamptz,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Int8,
        at -> Timestamptz,
        actor_user_id -> Nullable<Int4>,
        actor -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<Text>,
        before -> Nullable<Jsonb>,
        after -> Nullable<Jsonb>,
        ip -> Nullable<Text>,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    audit_chain_head (singleton) {
        singleton -> Bool,
        hash -> Text,
        row_count -> Int8,
    }
}

diesel::joinable!(categories -> plans (plan_id));
diesel::joinable!(items -> plans (plan_id));
diesel::joinable!(items -> categories (category_id));
diesel::joinable!(items -> units (lead_unit_id));
diesel::joinable!(item_co_units -> items (item_id));
diesel::joinable!(item_co_units -> units (unit_id));
diesel::joinable!(milestones -> items (item_id));
diesel::joinable!(indicators -> items (item_id));
diesel::joinable!(indicator_targets -> indicators (indicator_id));
diesel::joinable!(indicator_targets -> milestones (milestone_id));
diesel::joinable!(users -> units (unit_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(api_tokens -> users (created_by));
diesel::joinable!(api_tokens -> plans (plan_id));

diesel::allow_tables_to_appear_in_same_query!(
    units,
    plans,
    categories,
    items,
    item_co_units,
    milestones,
    indicators,
    indicator_targets,
    users,
    sessions,
    api_tokens,
    login_failures,
    audit_events,
    audit_chain_head,
);
