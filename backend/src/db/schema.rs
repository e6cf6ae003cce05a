//! Diesel's view of the tables in `migrations/`. Written by hand to match the SQL; the
//! migration tests fail if the two drift.

diesel::table! {
    units (id) {
        id -> Int4,
        name -> Text,
        code -> Text,
        created_at -> Timestamptz,
        version -> Int4,
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
        report_grace_days -> Int4,
        case_days_blue -> Int4,
        case_days_yellow -> Int4,
        case_days_red -> Int4,
        case_number_format -> Text,
        notices_numbered -> Int4,
        closed_at -> Nullable<Timestamptz>,
        closed_by -> Nullable<Int4>,
        public_page -> Bool,
        remind_month_end_days -> Nullable<Int4>,
        remind_overdue -> Bool,
        remind_milestone_days -> Nullable<Int4>,
        remind_notice_days -> Nullable<Int4>,
    }
}

diesel::table! {
    categories (id) {
        id -> Int4,
        plan_id -> Int4,
        ordinal -> Int4,
        title -> Text,
        version -> Int4,
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
        final_result -> Nullable<Text>,
        final_note -> Text,
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
        completed_by -> Nullable<Int4>,
        completed_at -> Nullable<Timestamptz>,
        reopen_reason -> Nullable<Text>,
        original_due_date -> Date,
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
        email -> Nullable<Text>,
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
        seq -> Nullable<Int8>,
    }
}

diesel::table! {
    audit_chain_head (singleton) {
        singleton -> Bool,
        hash -> Text,
        row_count -> Int8,
    }
}

diesel::table! {
    reports (id) {
        id -> Int4,
        item_id -> Int4,
        period -> Text,
        state -> Text,
        progress -> Text,
        problems -> Text,
        next_steps -> Text,
        return_reason -> Nullable<Text>,
        due_on -> Date,
        created_by -> Int4,
        created_at -> Timestamptz,
        updated_by -> Int4,
        updated_at -> Timestamptz,
        first_submitted_at -> Nullable<Timestamptz>,
        version -> Int4,
    }
}

diesel::table! {
    report_values (report_id, indicator_id) {
        report_id -> Int4,
        item_id -> Int4,
        indicator_id -> Int4,
        value -> Float8,
    }
}

diesel::table! {
    report_versions (id) {
        id -> Int4,
        report_id -> Int4,
        number -> Int4,
        progress -> Text,
        problems -> Text,
        next_steps -> Text,
        indicator_values -> Jsonb,
        submitted_by -> Int4,
        submitted_at -> Timestamptz,
        late -> Bool,
        decision -> Nullable<Text>,
        reason -> Nullable<Text>,
        decided_by -> Nullable<Int4>,
        decided_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    evidence (id) {
        id -> Int4,
        milestone_id -> Int4,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> Int4,
        sha256 -> Text,
        content -> Bytea,
        uploaded_by -> Int4,
        uploaded_at -> Timestamptz,
    }
}

diesel::table! {
    extension_requests (id) {
        id -> Int4,
        milestone_id -> Int4,
        original_due -> Date,
        requested_due -> Date,
        reason -> Text,
        state -> Text,
        requested_by -> Int4,
        requested_at -> Timestamptz,
        decided_by -> Nullable<Int4>,
        decided_at -> Nullable<Timestamptz>,
        decision_reason -> Nullable<Text>,
        version -> Int4,
    }
}

diesel::table! {
    notices (id) {
        id -> Int4,
        item_id -> Int4,
        unit_id -> Int4,
        reason -> Text,
        answer_by -> Date,
        issued_by -> Int4,
        issued_at -> Timestamptz,
        closed_by -> Nullable<Int4>,
        closed_at -> Nullable<Timestamptz>,
        version -> Int4,
        plan_id -> Int4,
        seq -> Int4,
        number -> Text,
        issued_grade -> Text,
        grade -> Text,
        state -> Text,
        acknowledged_by -> Nullable<Int4>,
        acknowledged_at -> Nullable<Timestamptz>,
        close_note -> Nullable<Text>,
        instruction_id -> Nullable<Int4>,
        inspection_id -> Nullable<Int4>,
    }
}

diesel::table! {
    notice_rounds (notice_id, round) {
        notice_id -> Int4,
        round -> Int4,
        answer -> Text,
        answered_by -> Int4,
        answered_at -> Timestamptz,
        return_reason -> Nullable<Text>,
        returned_by -> Nullable<Int4>,
        returned_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    notice_escalations (notice_id, step) {
        notice_id -> Int4,
        step -> Int4,
        from_grade -> Text,
        to_grade -> Text,
        on_day -> Date,
        missed -> Date,
        answer_by -> Date,
    }
}

diesel::table! {
    instructions (id) {
        id -> Int4,
        item_id -> Int4,
        text -> Text,
        written_by -> Int4,
        written_at -> Timestamptz,
    }
}

diesel::table! {
    inspections (id) {
        id -> Int4,
        item_id -> Int4,
        inspected_on -> Date,
        place -> Text,
        inspectors -> Text,
        findings -> Text,
        requirements -> Nullable<Text>,
        recorded_by -> Int4,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    case_files (id) {
        id -> Int4,
        notice_id -> Nullable<Int4>,
        round -> Nullable<Int4>,
        inspection_id -> Nullable<Int4>,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> Int4,
        sha256 -> Text,
        content -> Bytea,
        uploaded_by -> Int4,
        uploaded_at -> Timestamptz,
    }
}

diesel::table! {
    co_unit_notes (id) {
        id -> Int4,
        item_id -> Int4,
        unit_id -> Int4,
        period -> Date,
        note -> Text,
        written_by -> Int4,
        written_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    briefings (id) {
        id -> Int4,
        plan_id -> Int4,
        number -> Nullable<Int4>,
        cut_off -> Date,
        content -> Nullable<Jsonb>,
        published_by -> Nullable<Int4>,
        published_at -> Nullable<Timestamptz>,
        text -> Jsonb,
        issued_on -> Nullable<Date>,
        created_by -> Int4,
        created_at -> Timestamptz,
        version -> Int4,
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
diesel::joinable!(reports -> items (item_id));
diesel::joinable!(report_values -> reports (report_id));
diesel::joinable!(report_versions -> reports (report_id));
diesel::joinable!(evidence -> milestones (milestone_id));
diesel::joinable!(evidence -> users (uploaded_by));
diesel::joinable!(extension_requests -> milestones (milestone_id));
diesel::joinable!(notices -> items (item_id));
diesel::joinable!(notices -> units (unit_id));
diesel::joinable!(notices -> plans (plan_id));
diesel::table! {
    messages (id) {
        id -> Int8,
        user_id -> Int4,
        kind -> Text,
        title -> Text,
        body -> Text,
        link -> Text,
        created_at -> Timestamptz,
        read_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    reminders_sent (rule, target_id, period) {
        rule -> Text,
        target_id -> Int4,
        period -> Text,
        plan_id -> Int4,
        unit_id -> Int4,
        sent_at -> Timestamptz,
    }
}

diesel::table! {
    outbox (id) {
        id -> Int8,
        channel -> Text,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        link -> Text,
        message_id -> Nullable<Int8>,
        created_at -> Timestamptz,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamptz>,
        failed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    briefing_reads (briefing_id, user_id) {
        briefing_id -> Int4,
        user_id -> Int4,
        read_at -> Timestamptz,
    }
}

diesel::joinable!(messages -> users (user_id));
diesel::joinable!(notice_rounds -> notices (notice_id));
diesel::joinable!(notice_escalations -> notices (notice_id));
diesel::joinable!(instructions -> items (item_id));
diesel::joinable!(inspections -> items (item_id));
diesel::joinable!(case_files -> users (uploaded_by));
diesel::joinable!(briefings -> plans (plan_id));
diesel::joinable!(briefings -> users (published_by));
diesel::joinable!(co_unit_notes -> items (item_id));
diesel::joinable!(co_unit_notes -> units (unit_id));
diesel::joinable!(co_unit_notes -> users (written_by));

diesel::table! {
    evaluation_rounds (id) {
        id -> Int4,
        plan_id -> Int4,
        title -> Text,
        opened_by -> Int4,
        opened_at -> Timestamptz,
        closed_by -> Nullable<Int4>,
        closed_at -> Nullable<Timestamptz>,
        version -> Int4,
    }
}

diesel::table! {
    evaluation_ballots (round_id, item_id, deputy_id) {
        round_id -> Int4,
        item_id -> Int4,
        deputy_id -> Int4,
        score -> Text,
        comment -> Text,
        cast_at -> Timestamptz,
    }
}

diesel::joinable!(evaluation_ballots -> evaluation_rounds (round_id));
diesel::joinable!(evaluation_ballots -> items (item_id));

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
    reports,
    report_values,
    report_versions,
    evidence,
    extension_requests,
    notices,
    notice_rounds,
    notice_escalations,
    instructions,
    inspections,
    case_files,
    briefings,
    co_unit_notes,
    messages,
    reminders_sent,
    outbox,
    briefing_reads,
    evaluation_rounds,
    evaluation_ballots,
);
